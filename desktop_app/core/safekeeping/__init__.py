"""Safe keeping of the local database (Qt-free): backups and restores (``backups``), the encrypted
copy for a USB stick (``encrypted``), refusing a database on a network or removable drive
(``drives``) and one window per database (``instance``)."""
