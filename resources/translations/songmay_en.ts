<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
<context>
    <name>AccessLogDialog</name>
    <message>
        <source>Nhật ký truy cập</source>
        <translation>Access trail</translation>
    </message>
    <message>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Người làm</source>
        <translation>Done by</translation>
    </message>
    <message>
        <source>Việc</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Số học sinh</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>Mỗi lần xuất Excel, in hoặc lưu biên bản, sao lưu, sao chép ra USB và xuất gói đồng bộ được ghi lại: ai làm, lúc nào, tệp nào, bao nhiêu học sinh.</source>
        <translation>Every Excel export, printed or saved minutes, backup, USB copy and sync package is recorded: who, when, which file, how many students.</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Thêm người dùng</source>
        <translation>Add a user</translation>
    </message>
    <message>
        <source>Không bắt buộc, 4–12 chữ số</source>
        <translation>Optional, 4–12 digits</translation>
    </message>
    <message>
        <source>Thêm</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Mã PIN</source>
        <translation>PIN</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>Sao lưu và khôi phục</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <source>Ứng dụng tự sao lưu mỗi ngày khi mở, trước mỗi lần nhập tệp và trước mỗi lần khôi phục; mỗi bản sao được kiểm tra toàn vẹn. Thư mục sao lưu: {folder}</source>
        <translation>The application backs up by itself every day when it opens, before each import and before each restore; every copy is checked for integrity. Backups folder: {folder}</translation>
    </message>
    <message>
        <source>Thời điểm</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Dung lượng</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Học sinh</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>Lượt bàn giao</source>
        <translation>Handovers</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Lần thay đổi cuối</source>
        <translation>Last change</translation>
    </message>
    <message>
        <source>Xếp theo lịch sử của dữ liệu, bản có dữ liệu mới nhất ở trên cùng; thời điểm ghi theo đồng hồ máy tính, có thể sai nếu đồng hồ từng sai.</source>
        <translation>Ordered by the data&apos;s own history, the newest data on top; the time is the PC&apos;s clock, which may have been wrong.</translation>
    </message>
    <message>
        <source>Giữ lại</source>
        <translation>Keep the last</translation>
    </message>
    <message>
        <source>bản sao lưu gần nhất</source>
        <translation>backups</translation>
    </message>
    <message>
        <source>Sao lưu ngay</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>Khôi phục bản đã chọn…</source>
        <translation>Restore the selected backup…</translation>
    </message>
    <message>
        <source>Xuất bản sao mã hoá ra USB…</source>
        <translation>Export an encrypted copy to USB…</translation>
    </message>
    <message>
        <source>Khôi phục từ tệp…</source>
        <translation>Restore from a file…</translation>
    </message>
    <message>
        <source>Mở thư mục sao lưu</source>
        <translation>Open the backups folder</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>không đọc được</source>
        <translation>unreadable</translation>
    </message>
    <message>
        <source>{students} (giảm mạnh, bản trước có {before})</source>
        <translation>{students} (sharp drop, the one before has {before})</translation>
    </message>
    <message>
        <source>Ít hơn hẳn so với bản sao lưu trước; bản trước được giữ lại khi xoay vòng.</source>
        <translation>Far fewer than the backup before; that one is kept when old backups are removed.</translation>
    </message>
    <message>
        <source>Hằng ngày</source>
        <translation>Daily</translation>
    </message>
    <message>
        <source>Sao lưu thủ công</source>
        <translation>Manual backup</translation>
    </message>
    <message>
        <source>Trước khi nhập tệp</source>
        <translation>Before an import</translation>
    </message>
    <message>
        <source>Trước khi khôi phục</source>
        <translation>Before a restore</translation>
    </message>
    <message>
        <source>Trước khi nâng cấp dữ liệu</source>
        <translation>Before a data upgrade</translation>
    </message>
    <message>
        <source>Khôi phục dữ liệu</source>
        <translation>Restore data</translation>
    </message>
    <message>
        <source>Xuất bản sao mã hoá</source>
        <translation>Export an encrypted copy</translation>
    </message>
    <message>
        <source>Bản sao mã hoá (*{suffix})</source>
        <translation>Encrypted copy (*{suffix})</translation>
    </message>
    <message>
        <source>Chọn bản sao để khôi phục</source>
        <translation>Choose the copy to restore</translation>
    </message>
    <message>
        <source>Bản sao lưu (*{suffix} *.sqlite3);;Mọi tệp (*)</source>
        <translation>Backups (*{suffix} *.sqlite3);;All files (*)</translation>
    </message>
    <message>
        <source>Đã sao lưu vào {file}.</source>
        <translation>Backed up to {file}.</translation>
    </message>
    <message>
        <source>Đang sao lưu…</source>
        <translation>Backing up…</translation>
    </message>
    <message numerus="yes">
        <source>Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu lúc {time} ({students} học sinh, {devices} thiết bị, {handovers} lượt bàn giao, lần thay đổi cuối {last})? Những thay đổi sau thời điểm đó sẽ mất. Dữ liệu hiện tại được sao lưu trước.</source>
        <translation>
            <numerusform>Replace all current data with the backup of {time} ({students} student, {devices} devices, {handovers} handovers, last change {last})? Changes made after that time will be lost. The current data is backed up first.</numerusform>
            <numerusform>Replace all current data with the backup of {time} ({students} students, {devices} devices, {handovers} handovers, last change {last})? Changes made after that time will be lost. The current data is backed up first.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đang khôi phục…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <source>Thay toàn bộ dữ liệu hiện tại bằng dữ liệu trong tệp {file}? Dữ liệu hiện tại được sao lưu trước.</source>
        <translation>Replace all current data with the data in {file}? The current data is backed up first.</translation>
    </message>
    <message>
        <source>Đã xuất bản sao mã hoá ra {link}. Hãy ghi nhớ mật khẩu: không có mật khẩu thì không khôi phục được.</source>
        <translation>Encrypted copy exported to {link}. Remember the passphrase: without it the copy cannot be restored.</translation>
    </message>
    <message>
        <source>Đang xuất bản sao mã hoá…</source>
        <translation>Exporting the encrypted copy…</translation>
    </message>
    <message>
        <source>Đã khôi phục dữ liệu từ {file}.</source>
        <translation>Data restored from {file}.</translation>
    </message>
    <message>
        <source>Dữ liệu trước khi khôi phục được giữ ở {file}.</source>
        <translation>The data from before the restore is kept in {file}.</translation>
    </message>
</context>
<context>
    <name>BackupWarning</name>
    <message>
        <source>Đang sao lưu…</source>
        <translation>Backing up…</translation>
    </message>
</context>
<context>
    <name>BatchTableModel</name>
    <message>
        <source>Mã đợt</source>
        <translation>Batch code</translation>
    </message>
    <message>
        <source>Nguồn</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Nhà tài trợ</source>
        <translation>Donor</translation>
    </message>
    <message>
        <source>Ngày tiếp nhận</source>
        <translation>Date received</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Đã bàn giao</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>Mã đợt tài trợ</source>
        <translation>Donation batch code</translation>
    </message>
    <message>
        <source>4.8.3.1: Bộ GDĐT phân bổ; 4.8.3.2: nguồn khác (tổ chức, doanh nghiệp, cá nhân)</source>
        <translation>4.8.3.1: allocated by the Ministry of Education and Training; 4.8.3.2: other sources (organisations, businesses, individuals)</translation>
    </message>
    <message>
        <source>Ngày nhà trường tiếp nhận thiết bị</source>
        <translation>Date the school received the devices</translation>
    </message>
    <message>
        <source>Số thiết bị của đợt</source>
        <translation>Number of devices in the batch</translation>
    </message>
    <message>
        <source>Số thiết bị đã bàn giao cho học sinh</source>
        <translation>Number of devices handed over to students</translation>
    </message>
    <message>
        <source>Tất cả các đợt</source>
        <translation>All batches</translation>
    </message>
    <message>
        <source>Mục {menu} CSDL ngành</source>
        <translation>Section {menu} of the education sector database</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <source>Kiểm tra</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Đối chiếu từng dòng với quy định của mẫu; chưa ghi gì vào dữ liệu.</source>
        <translation>Every row is checked against the template&apos;s rules; nothing has been written to the data yet.</translation>
    </message>
    <message>
        <source>Chỉ hiện lỗi</source>
        <translation>Errors only</translation>
    </message>
    <message>
        <source>Lưu báo cáo lỗi…</source>
        <translation>Save error report…</translation>
    </message>
    <message>
        <source>Lưu tệp Excel đánh dấu các ô có lỗi, kèm danh sách lỗi, để sửa và nhập lại</source>
        <translation>Save an Excel file with the cells in error marked and a list of the errors, to correct and import again</translation>
    </message>
    <message>
        <source>Kiểm tra lại</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>Nhấp đúp vào một dòng trong bảng để xem toàn bộ dữ liệu của dòng đó.</source>
        <translation>Double-click a row in the table to see all the data of that row.</translation>
    </message>
    <message>
        <source>Đang kiểm tra tệp {name}…</source>
        <translation>Checking file {name}…</translation>
    </message>
    <message>
        <source>Kiểm tra tệp {name}</source>
        <translation>Check file {name}</translation>
    </message>
    <message>
        <source>Không kiểm tra được tệp.</source>
        <translation>The file could not be checked.</translation>
    </message>
    <message>
        <source>Đã hủy kiểm tra.</source>
        <translation>Check cancelled.</translation>
    </message>
    <message>
        <source>Chưa có gì được ghi vào dữ liệu. Bấm “Kiểm tra lại” để kiểm tra từ đầu.</source>
        <translation>Nothing has been written to the data. Click “Check again” to start the check over.</translation>
    </message>
    <message>
        <source>Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.</source>
        <translation>The file has no data rows below the header row.</translation>
    </message>
    <message>
        <source>Không có dòng hợp lệ nào để nhập. Hãy sửa tệp theo danh sách lỗi.</source>
        <translation>There are no valid rows to import. Please correct the file using the list of errors.</translation>
    </message>
    <message numerus="yes">
        <source>Có {n} dòng bị lỗi: các dòng này sẽ không được nhập.</source>
        <translation>
            <numerusform>{n} row has errors: it will not be imported.</numerusform>
            <numerusform>{n} rows have errors: these rows will not be imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tệp hợp lệ, có {n} cảnh báo (không cản trở việc nhập).</source>
        <translation>
            <numerusform>The file is valid, with {n} warning (it does not prevent the import).</numerusform>
            <numerusform>The file is valid, with {n} warnings (they do not prevent the import).</numerusform>
        </translation>
    </message>
    <message>
        <source>Tệp hợp lệ, sẵn sàng nhập.</source>
        <translation>The file is valid and ready to import.</translation>
    </message>
    <message>
        <source>Đọc {n} trang tính (số dòng): {sheets}.</source>
        <translation>{n} sheets read (rows): {sheets}.</translation>
    </message>
    <message>
        <source>Trang tính “{sheet}”, dòng tiêu đề ở dòng {row}.</source>
        <translation>Sheet “{sheet}”, header on row {row}.</translation>
    </message>
    <message>
        <source>Không dùng được tệp này</source>
        <translation>This file cannot be used</translation>
    </message>
    <message>
        <source>Bấm “Quay lại” để chọn tệp khác, hoặc kiểm tra đã chọn đúng loại dữ liệu ({kind}).</source>
        <translation>Click “Back” to choose another file, or check that the right kind of data ({kind}) is selected.</translation>
    </message>
</context>
<context>
    <name>CoverageModel</name>
    <message>
        <source>Lớp</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Sĩ số</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>Đã tiêm ≥1 mũi</source>
        <translation>≥1 dose</translation>
    </message>
    <message>
        <source>≥2 mũi</source>
        <translation>≥2 doses</translation>
    </message>
    <message>
        <source>≥3 mũi</source>
        <translation>≥3 doses</translation>
    </message>
    <message>
        <source>Chưa tiêm</source>
        <translation>None</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Lớp của học sinh</source>
        <translation>The students&apos; class</translation>
    </message>
    <message>
        <source>Số học sinh của lớp</source>
        <translation>Students in the class</translation>
    </message>
    <message>
        <source>Số học sinh đã tiêm ít nhất 1 mũi</source>
        <translation>Students who have had at least 1 dose</translation>
    </message>
    <message>
        <source>Số học sinh đã tiêm ít nhất 2 mũi</source>
        <translation>Students who have had at least 2 doses</translation>
    </message>
    <message>
        <source>Số học sinh đã tiêm 3 mũi trở lên</source>
        <translation>Students who have had 3 doses or more</translation>
    </message>
    <message>
        <source>Số học sinh chưa có mũi tiêm nào được ghi nhận</source>
        <translation>Students with no dose recorded</translation>
    </message>
    <message>
        <source>Tỷ lệ học sinh đã tiêm ít nhất 1 mũi</source>
        <translation>Share of students who have had at least 1 dose</translation>
    </message>
    <message>
        <source>Toàn trường</source>
        <translation>Whole school</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Tổng quan</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Học sinh có nhu cầu</source>
        <translation>Students with needs</translation>
    </message>
    <message>
        <source>Thiết bị đã tiếp nhận</source>
        <translation>Devices received</translation>
    </message>
    <message>
        <source>Đã bàn giao</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>Thiết bị chưa bàn giao</source>
        <translation>Devices not yet handed over</translation>
    </message>
    <message>
        <source>Học sinh đang chờ thiết bị</source>
        <translation>Students waiting for a device</translation>
    </message>
    <message>
        <source>Thay đổi chờ đồng bộ</source>
        <translation>Changes waiting to sync</translation>
    </message>
    <message>
        <source>Học sinh chưa có đồng ý của CMHS</source>
        <translation>Students without parental consent</translation>
    </message>
    <message>
        <source>Xem danh sách</source>
        <translation>Show the list</translation>
    </message>
    <message>
        <source>Mở danh sách học sinh chưa ghi nhận đồng ý của cha mẹ/người giám hộ</source>
        <translation>Open the list of students without a recorded parent&apos;s consent</translation>
    </message>
    <message>
        <source>Nhu cầu theo diện đối tượng</source>
        <translation>Needs by priority category</translation>
    </message>
    <message>
        <source>Thiết bị theo nguồn</source>
        <translation>Devices by source</translation>
    </message>
    <message>
        <source>Ghi nhận trễ hạn (quá 01 ngày)</source>
        <translation>Late records (more than 1 day)</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Ngày diễn ra</source>
        <translation>Date of event</translation>
    </message>
    <message>
        <source>Hạn ghi nhận</source>
        <translation>Record by</translation>
    </message>
    <message>
        <source>Ngày ghi nhận</source>
        <translation>Date recorded</translation>
    </message>
    <message>
        <source>Nhu cầu bị Phòng GD&amp;ĐT trả lại</source>
        <translation>Needs returned by the district office</translation>
    </message>
    <message>
        <source>Xem và sửa các nhu cầu bị trả lại</source>
        <translation>View and correct the returned needs</translation>
    </message>
    <message>
        <source>Mở trang Bàn giao</source>
        <translation>Open the Handover page</translation>
    </message>
    <message>
        <source>Số serial/IMEI</source>
        <translation>Serial/IMEI</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Đợt</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Ngày tiếp nhận</source>
        <translation>Date received</translation>
    </message>
    <message>
        <source>Hạn báo cáo</source>
        <translation>Report due</translation>
    </message>
    <message>
        <source>Quá hạn</source>
        <translation>Overdue by</translation>
    </message>
    <message>
        <source>Bộ GDĐT phân bổ (4.8.3.1)</source>
        <translation>Allocated by the Ministry (4.8.3.1)</translation>
    </message>
    <message>
        <source>Nguồn khác (4.8.3.2)</source>
        <translation>Other sources (4.8.3.2)</translation>
    </message>
    <message>
        <source>Không có ghi nhận nào trễ hạn.</source>
        <translation>No late records.</translation>
    </message>
    <message>
        <source>Theo hướng dẫn, tiếp nhận và bàn giao phải được cập nhật chậm nhất sau 01 ngày.</source>
        <translation>Under the guidelines, receipts and handovers must be recorded within 1 day at the latest.</translation>
    </message>
    <message numerus="yes">
        <source>Phòng GD&amp;ĐT đã trả lại nhu cầu của {count} học sinh kèm ý kiến. Mở từng em, sửa theo ý kiến rồi lưu: nhu cầu sẽ được gửi lại ở lần đồng bộ tới.</source>
        <translation>
            <numerusform>The district office returned the need of {count} student with a comment. Open the student, correct as it asks and save: the need will be sent again at the next sync.</numerusform>
            <numerusform>The district office returned the needs of {count} students with a comment. Open each one, correct as it asks and save: the needs will be sent again at the next sync.</numerusform>
        </translation>
    </message>
    <message>
        <source>Không có nhu cầu nào bị trả lại.</source>
        <translation>No need has been returned.</translation>
    </message>
    <message numerus="yes">
        <source>Thiết bị tiếp nhận quá {days} ngày chưa bàn giao</source>
        <translation>
            <numerusform>Devices received more than {days} day ago and not yet handed over</numerusform>
            <numerusform>Devices received more than {days} days ago and not yet handed over</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Phòng GD&amp;ĐT báo cáo Sở việc bàn giao trong {days} ngày kể từ khi nhà trường tiếp nhận thiết bị. Các thiết bị chờ lâu nhất:</source>
        <translation>
            <numerusform>The district office reports handovers to the province department within {days} day of the school receiving the devices. The devices waiting longest:</numerusform>
            <numerusform>The district office reports handovers to the province department within {days} days of the school receiving the devices. The devices waiting longest:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Không có thiết bị nào chờ bàn giao quá {days} ngày.</source>
        <translation>
            <numerusform>No device has been waiting for handover for more than {days} day.</numerusform>
            <numerusform>No device has been waiting for handover for more than {days} days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{days} ngày</source>
        <translation>
            <numerusform>{days} day</numerusform>
            <numerusform>{days} days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… và {count} thiết bị khác.</source>
        <translation>
            <numerusform>… and {count} more device.</numerusform>
            <numerusform>… and {count} more devices.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DecisionTableModel</name>
    <message>
        <source>Mã học sinh</source>
        <translation>Student code</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Kết quả</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Ý kiến của Phòng GD&amp;ĐT</source>
        <translation>District office&apos;s comment</translation>
    </message>
    <message>
        <source>Ngày duyệt</source>
        <translation>Date decided</translation>
    </message>
    <message>
        <source>Sửa và gửi lại</source>
        <translation>Corrected and resent</translation>
    </message>
    <message>
        <source>Mã học sinh trong quyết định của Phòng</source>
        <translation>The student code in the district office&apos;s decision</translation>
    </message>
    <message>
        <source>Học sinh trên máy này</source>
        <translation>The student on this computer</translation>
    </message>
    <message>
        <source>Nhu cầu được duyệt, hay bị trả lại để nhà trường sửa</source>
        <translation>Whether the need was approved, or returned for the school to correct</translation>
    </message>
    <message>
        <source>Lý do trả lại hoặc ghi chú của người duyệt</source>
        <translation>Why it was returned, or the reviewer&apos;s note</translation>
    </message>
    <message>
        <source>Ngày Phòng GD&amp;ĐT ra quyết định</source>
        <translation>The day the district office decided</translation>
    </message>
    <message>
        <source>Nhu cầu bị trả lại: nhà trường đã sửa chưa (ngày sửa), và bản sửa đã gửi lên máy chủ hay còn chờ gửi</source>
        <translation>A returned need: has the school corrected it (the day), and was the correction sent to the server or is it still waiting</translation>
    </message>
    <message>
        <source>Nhu cầu bị trả lại: sửa theo ý kiến rồi đồng bộ lại</source>
        <translation>Need returned: correct it as the comment says, then sync again</translation>
    </message>
    <message>
        <source>Chưa sửa</source>
        <translation>Not corrected</translation>
    </message>
    <message>
        <source>Không còn bị trả lại</source>
        <translation>No longer returned</translation>
    </message>
    <message>
        <source>Đã sửa ngày {date} · chờ gửi</source>
        <translation>Corrected on {date} · not sent yet</translation>
    </message>
    <message>
        <source>Đã sửa ngày {date} · bị từ chối</source>
        <translation>Corrected on {date} · refused</translation>
    </message>
    <message>
        <source>Đã sửa ngày {date} · đã gửi lại</source>
        <translation>Corrected on {date} · resent</translation>
    </message>
    <message>
        <source>Mở học sinh, sửa theo ý kiến của Phòng rồi lưu; sau đó đồng bộ.</source>
        <translation>Open the student, correct as the district office asks and save; then sync.</translation>
    </message>
    <message>
        <source>Nhu cầu của học sinh này không còn ở trạng thái bị trả lại (Phòng đã duyệt lại, hoặc em đã nhận thiết bị).</source>
        <translation>This student&apos;s need no longer stands returned (the district office decided again, or the student received a device).</translation>
    </message>
    <message>
        <source>Bản sửa sẽ được gửi ở lần đồng bộ tới (nút “Đồng bộ”, F9).</source>
        <translation>The correction will be sent at the next sync (the “Sync” button, F9).</translation>
    </message>
    <message>
        <source>Máy chủ từ chối bản sửa: xem lý do ở thẻ “Thay đổi bị từ chối”, sửa rồi gửi lại.</source>
        <translation>The server refused the correction: see the reason on the “Refused changes” tab, correct it and send it again.</translation>
    </message>
    <message>
        <source>Máy chủ đã nhận bản sửa ngày {date}; nhu cầu chờ Phòng GD&amp;ĐT duyệt lại.</source>
        <translation>The server received the correction on {date}; the need waits for the district office to review it again.</translation>
    </message>
    <message>
        <source>(không có trên máy này)</source>
        <translation>(not on this computer)</translation>
    </message>
</context>
<context>
    <name>DeviceChoiceDialog</name>
    <message>
        <source>Đổi thiết bị — {student}</source>
        <translation>Change device — {student}</translation>
    </message>
    <message>
        <source>Học sinh đề nghị: {device}. Danh sách gồm các thiết bị chưa bàn giao và chưa dành cho dòng khác đang được chọn giao; loại đề nghị ở trên cùng.</source>
        <translation>The student asked for: {device}. Listed: devices not handed over and not kept for another line being delivered; the requested type comes first.</translation>
    </message>
    <message>
        <source>Tìm theo số serial/IMEI, hãng hoặc model</source>
        <translation>Search by serial/IMEI, brand or model</translation>
    </message>
    <message>
        <source>Chọn thiết bị này</source>
        <translation>Choose this device</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DeviceChoiceModel</name>
    <message>
        <source>Số serial/IMEI</source>
        <translation>Serial/IMEI</translation>
    </message>
    <message>
        <source>Loại thiết bị</source>
        <translation>Device type</translation>
    </message>
    <message>
        <source>Hãng – Model</source>
        <translation>Brand – model</translation>
    </message>
    <message>
        <source>Đợt</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Ngày tiếp nhận</source>
        <translation>Date received</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Cấu hình thấp</source>
        <translation>Low specification</translation>
    </message>
    <message>
        <source>Đúng loại đề nghị</source>
        <translation>Requested type</translation>
    </message>
</context>
<context>
    <name>DeviceDialog</name>
    <message>
        <source>Sửa thiết bị — {serial}</source>
        <translation>Edit device — {serial}</translation>
    </message>
    <message>
        <source>Thêm thiết bị</source>
        <translation>Add device</translation>
    </message>
    <message>
        <source>Đợt tài trợ</source>
        <translation>Donation batch</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Lưu và thêm tiếp</source>
        <translation>Save and add another</translation>
    </message>
    <message>
        <source>Lưu thiết bị này rồi nhập thiết bị tiếp theo của cùng đợt: thông tin đợt được giữ lại (Ctrl+Enter)</source>
        <translation>Save this device, then enter the next device of the same batch: the batch details are kept (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Ví dụ: {example}</source>
        <translation>Example: {example}</translation>
    </message>
    <message>
        <source>Số serial/IMEI là mã nhận diện thiết bị nên không sửa được ở đây. Nếu nhập sai, hãy xóa thiết bị rồi thêm lại (khi thiết bị chưa bàn giao).</source>
        <translation>The serial number/IMEI identifies the device, so it cannot be changed here. If it was entered wrongly, delete the device and add it again (while the device has not been handed over).</translation>
    </message>
    <message>
        <source>Thông tin đợt dùng chung cho mọi thiết bị của đợt nên không sửa ở đây. Số serial/IMEI là mã nhận diện thiết bị nên cũng không sửa được.</source>
        <translation>The batch details are shared by every device of the batch, so they are not changed here. The serial number/IMEI identifies the device, so it cannot be changed either.</translation>
    </message>
    <message numerus="yes">
        <source>Đợt {code} đã có {count} thiết bị; thông tin đợt được điền theo đợt này.</source>
        <translation>
            <numerusform>Batch {code} already has {count} device; the batch details have been filled in from it.</numerusform>
            <numerusform>Batch {code} already has {count} devices; the batch details have been filled in from it.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cấu hình tối thiểu tham khảo cho {device}: {minimum}.</source>
        <translation>Recommended minimum specification for {device}: {minimum}.</translation>
    </message>
    <message>
        <source>Thiết bị này có cấu hình thấp hơn mức tối thiểu tham khảo.</source>
        <translation>This device is below the recommended minimum specification.</translation>
    </message>
    <message>
        <source>Đã lưu thiết bị {serial}. Nhập thiết bị tiếp theo của đợt {code}.</source>
        <translation>Device {serial} saved. Enter the next device of batch {code}.</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>DeviceTableModel</name>
    <message>
        <source>Số serial/IMEI</source>
        <translation>Serial no./IMEI</translation>
    </message>
    <message>
        <source>Loại thiết bị</source>
        <translation>Device type</translation>
    </message>
    <message>
        <source>Hãng</source>
        <translation>Brand</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Tình trạng</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>Đợt</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Đã bàn giao</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>Thiết bị đã bàn giao cho học sinh (và chưa thu hồi)</source>
        <translation>Device handed over to a student (and not taken back)</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Cấu hình thấp hơn mức tối thiểu tham khảo</source>
        <translation>Below the recommended minimum specification</translation>
    </message>
    <message>
        <source>Tối thiểu cho {device}: {minimum}.</source>
        <translation>Minimum for {device}: {minimum}.</translation>
    </message>
    <message>
        <source>RAM ≥ {0:g} GB</source>
        <translation>RAM ≥ {0:g} GB</translation>
    </message>
    <message>
        <source>bộ nhớ ≥ {0:g} GB</source>
        <translation>storage ≥ {0:g} GB</translation>
    </message>
    <message>
        <source>màn hình ≥ {0:g} inch</source>
        <translation>screen ≥ {0:g} inches</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>Tiếp nhận thiết bị</source>
        <translation>Device intake</translation>
    </message>
    <message>
        <source>Chọn một đợt để xem các thiết bị của đợt</source>
        <translation>Select a batch to see its devices</translation>
    </message>
    <message>
        <source>Tìm theo số serial/IMEI, hãng hoặc model</source>
        <translation>Search by serial number/IMEI, brand or model</translation>
    </message>
    <message>
        <source>Thêm thiết bị</source>
        <translation>Add device</translation>
    </message>
    <message>
        <source>Thêm thiết bị (Ctrl+N); đang chọn một đợt thì thông tin đợt được điền sẵn</source>
        <translation>Add a device (Ctrl+N); with a batch selected, its details are filled in</translation>
    </message>
    <message>
        <source>Sửa</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Sửa thiết bị đang chọn (Enter hoặc nhấp đúp)</source>
        <translation>Edit the selected device (Enter or double-click)</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Xóa thiết bị đang chọn (Delete)</source>
        <translation>Delete the selected device (Delete)</translation>
    </message>
    <message>
        <source>Nhập từ Excel…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <source>Nhập danh sách thiết bị của nhà tài trợ từ tệp Excel theo mẫu (Ctrl+I)</source>
        <translation>Import a donor&apos;s list of devices from an Excel file in the template (Ctrl+I)</translation>
    </message>
    <message>
        <source>Đợt tài trợ</source>
        <translation>Donation batches</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Xóa thiết bị số serial/IMEI {serial} ({device} {brand} {model}, đợt {batch})?

Việc xóa được ghi lại trong nhật ký và gửi lên CSDL ngành khi đồng bộ.</source>
        <translation>Delete the device with serial number/IMEI {serial} ({device} {brand} {model}, batch {batch})?

The deletion is recorded in the log and sent to the education sector database when syncing.</translation>
    </message>
    <message>
        <source>Xóa thiết bị</source>
        <translation>Delete device</translation>
    </message>
    <message>
        <source>Đã xóa thiết bị {serial}.</source>
        <translation>Device {serial} deleted.</translation>
    </message>
    <message>
        <source>Đã lưu. Thiết bị này không hiện trong danh sách vì không khớp đợt hoặc từ khóa tìm kiếm đang chọn.</source>
        <translation>Saved. This device is not shown in the list because it does not match the selected batch or search words.</translation>
    </message>
    <message>
        <source>Đã lưu thiết bị {serial}.</source>
        <translation>Device {serial} saved.</translation>
    </message>
    <message>
        <source>Thiết bị của đợt {code}</source>
        <translation>Devices of batch {code}</translation>
    </message>
    <message>
        <source>Thiết bị của tất cả các đợt</source>
        <translation>Devices of all batches</translation>
    </message>
    <message numerus="yes">
        <source>{count} thiết bị</source>
        <translation>
            <numerusform>{count} device</numerusform>
            <numerusform>{count} devices</numerusform>
        </translation>
    </message>
    <message>
        <source> · {below} cấu hình thấp (tô vàng)</source>
        <translation> · {below} below minimum specification (highlighted in yellow)</translation>
    </message>
</context>
<context>
    <name>DiscardChanges</name>
    <message>
        <source>Bỏ các thay đổi chưa lưu?</source>
        <translation>Discard the unsaved changes?</translation>
    </message>
    <message>
        <source>Những gì vừa nhập trong cửa sổ này sẽ không được lưu.</source>
        <translation>What you have just typed in this window will not be saved.</translation>
    </message>
    <message>
        <source>Bỏ thay đổi</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>Tiếp tục sửa</source>
        <translation>Keep editing</translation>
    </message>
</context>
<context>
    <name>DoseDialog</name>
    <message>
        <source>Sửa mũi tiêm {dose}</source>
        <translation>Correct dose {dose}</translation>
    </message>
    <message>
        <source>Thêm mũi tiêm</source>
        <translation>Add a dose</translation>
    </message>
    <message>
        <source>dd/mm/yyyy, ví dụ 15/10/2021</source>
        <translation>dd/mm/yyyy, e.g. 15/10/2021</translation>
    </message>
    <message>
        <source>Ví dụ: Trạm Y tế xã Ea Tu</source>
        <translation>E.g. Ea Tu commune health station</translation>
    </message>
    <message>
        <source>Mũi thứ (*)</source>
        <translation>Dose no. (*)</translation>
    </message>
    <message>
        <source>Ngày tiêm (*)</source>
        <translation>Date given (*)</translation>
    </message>
    <message>
        <source>Vắc-xin (*)</source>
        <translation>Vaccine (*)</translation>
    </message>
    <message>
        <source>Nơi tiêm (*)</source>
        <translation>Where given (*)</translation>
    </message>
    <message>
        <source>Số lô</source>
        <translation>Lot number</translation>
    </message>
    <message>
        <source>Cơ sở tiêm</source>
        <translation>Vaccination site</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&quot;{value}&quot; không phải là ngày hợp lệ. Hãy nhập ngày/tháng/năm, ví dụ 15/10/2021.</source>
        <translation>&quot;{value}&quot; is not a valid date. Type day/month/year, e.g. 15/10/2021.</translation>
    </message>
    <message>
        <source>Hãy nhập ngày tiêm (ngày/tháng/năm).</source>
        <translation>Type the date the dose was given (day/month/year).</translation>
    </message>
    <message>
        <source>Vẫn lưu mũi tiêm này?</source>
        <translation>Save this dose anyway?</translation>
    </message>
    <message>
        <source>Kiểm tra lại mũi tiêm</source>
        <translation>Check the dose</translation>
    </message>
    <message>
        <source>Vẫn lưu</source>
        <translation>Save anyway</translation>
    </message>
</context>
<context>
    <name>ErasureDialog</name>
    <message>
        <source>Kết thúc chương trình — Xóa dữ liệu cá nhân</source>
        <translation>End of programme — Erase personal data</translation>
    </message>
    <message>
        <source>Xóa họ tên, ngày và tháng sinh, CCCD, người giám hộ, điện thoại, địa chỉ, mã học sinh và người nhận thay của các học sinh đã chọn, trong hồ sơ, nhật ký thay đổi và trên máy chủ (ở lần đồng bộ tới). Số liệu ẩn danh (lớp, diện, thiết bị đã giao) được giữ lại, báo cáo không đổi.</source>
        <translation>Erases the names, day and month of birth, CCCD, guardians, phones, addresses, student codes and receivers of the chosen students, from the records, the change journal and the server (at the next sync). Anonymous figures (class, category, devices handed over) stay; the reports do not change.</translation>
    </message>
    <message>
        <source>Mọi học sinh</source>
        <translation>Every student</translation>
    </message>
    <message>
        <source>Một lớp</source>
        <translation>One class</translation>
    </message>
    <message>
        <source>Theo mã học sinh</source>
        <translation>By student code</translation>
    </message>
    <message>
        <source>Các mã, cách nhau bởi dấu cách hoặc dấu phẩy</source>
        <translation>Codes, separated by spaces or commas</translation>
    </message>
    <message>
        <source>Xóa cả học sinh còn trong thời gian rà soát (số liệu của huyện còn dựa vào các em)</source>
        <translation>Also erase students still in the review period (the district&apos;s figures still depend on them)</translation>
    </message>
    <message>
        <source>Không thể hoàn tác. Các bản sao lưu cũ trên máy này sẽ được thay bằng một bản mới. Các bản sao đã chép ra USB trước đây vẫn còn dữ liệu: hãy tự tay xóa hoặc hủy chúng.</source>
        <translation>This cannot be undone. The older backups on this PC are replaced by a new one. Copies made earlier on USB sticks still hold the data: delete or destroy them by hand.</translation>
    </message>
    <message>
        <source>Gõ mã trường ({words}) để xác nhận:</source>
        <translation>Type the school code ({words}) to confirm:</translation>
    </message>
    <message>
        <source>Xóa dữ liệu cá nhân</source>
        <translation>Erase personal data</translation>
    </message>
    <message>
        <source>{students} học sinh, {needs} nhu cầu, {handovers} lượt bàn giao, {vaccinations} bản ghi tiêm vắc-xin.</source>
        <translation>{students} students, {needs} needs, {handovers} handovers, {vaccinations} vaccination records.</translation>
    </message>
    <message>
        <source>{count} học sinh còn trong thời gian rà soát ({days} ngày sau lần bàn giao gần nhất, hoặc nhu cầu đang chờ duyệt).</source>
        <translation>{count} students are still in the review period ({days} days after their last handover, or a need awaiting review).</translation>
    </message>
    <message>
        <source>Không tìm thấy: {codes}.</source>
        <translation>Not found: {codes}.</translation>
    </message>
    <message>
        <source>Đang xóa dữ liệu cá nhân…</source>
        <translation>Erasing personal data…</translation>
    </message>
    <message>
        <source>Đã xóa dữ liệu cá nhân của {students} học sinh. Thay đổi sẽ được gửi lên máy chủ ở lần đồng bộ tới.</source>
        <translation>Erased the personal data of {students} students. The erasure goes to the server at the next sync.</translation>
    </message>
    <message>
        <source>Đã sao lưu lại và xóa {count} bản sao lưu cũ. Hãy tự tay xóa các bản sao trên USB.</source>
        <translation>Made a new backup and deleted {count} older backups. Delete the copies on USB sticks by hand.</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Không thực hiện được</source>
        <translation>Cannot complete the action</translation>
    </message>
    <message>
        <source>Có lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Sao chép chi tiết</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <source>Chép thông tin kỹ thuật vào bộ nhớ tạm để gửi cho bộ phận hỗ trợ</source>
        <translation>Copy the technical details to the clipboard to send to support</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đã sao chép chi tiết vào bộ nhớ tạm.</source>
        <translation>Details copied to the clipboard.</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Chọn loại và tệp</source>
        <translation>Choose the kind and the file</translation>
    </message>
    <message>
        <source>Chọn loại dữ liệu cần nhập và tệp Excel theo mẫu của Bộ (hoặc kéo thả tệp vào đây).</source>
        <translation>Choose the kind of data to import and the Excel file in the Ministry&apos;s template (or drag and drop the file here).</translation>
    </message>
    <message>
        <source>Loại dữ liệu:</source>
        <translation>Kind of data:</translation>
    </message>
    <message>
        <source>Gõ hoặc dán đường dẫn của tệp, hoặc bấm “Chọn tệp…”</source>
        <translation>Type or paste the file&apos;s path, or press “Choose file…”</translation>
    </message>
    <message>
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>Tải tệp mẫu trống…</source>
        <translation>Get an empty template…</translation>
    </message>
    <message>
        <source>Tệp bảng tính (.xlsx, .xls, .ods hoặc .csv):</source>
        <translation>Spreadsheet file (.xlsx, .xls, .ods or .csv):</translation>
    </message>
    <message>
        <source>Chưa có tệp theo mẫu? Tải tệp mẫu trống (có sẵn danh sách chọn và hướng dẫn từng cột), điền dữ liệu rồi quay lại đây để nhập.</source>
        <translation>No file in the template yet? Get an empty template (with drop-down lists and instructions for each column), fill in the data, then come back here to import it.</translation>
    </message>
    <message>
        <source>Chọn tệp cần nhập</source>
        <translation>Choose the file to import</translation>
    </message>
    <message>
        <source>Lưu tệp mẫu trống</source>
        <translation>Save the empty template</translation>
    </message>
    <message>
        <source>Đang tạo tệp mẫu…</source>
        <translation>Creating the template…</translation>
    </message>
    <message>
        <source>Đã lưu tệp mẫu: {path}</source>
        <translation>Template saved: {path}</translation>
    </message>
    <message>
        <source>Đang lưu tệp mẫu…</source>
        <translation>Saving the template…</translation>
    </message>
</context>
<context>
    <name>HandoverPage</name>
    <message>
        <source>Bàn giao</source>
        <translation>Handover</translation>
    </message>
    <message>
        <source>Học sinh đủ điều kiện nhưng chưa còn thiết bị: sẽ được đề xuất khi nhà trường tiếp nhận thêm thiết bị. Nhấp đúp để xem lịch sử.</source>
        <translation>Eligible students for whom no device is left: they will be proposed when the school receives more devices. Double-click to see the history.</translation>
    </message>
    <message>
        <source>Học sinh có nhu cầu nhưng không được đề xuất, kèm lý do. Nhấp đúp để xem lịch sử bàn giao.</source>
        <translation>Students with a need who are not proposed, with the reason. Double-click to see the handover history.</translation>
    </message>
    <message>
        <source>Thiết bị chưa bàn giao mà đề xuất không dùng, kèm lý do; vẫn có thể chọn bằng tay ở nút “Đổi thiết bị…”. Nhấp đúp để xem lịch sử.</source>
        <translation>Devices not handed over that the proposal does not use, with the reason; they can still be chosen by hand with “Change device…”. Double-click to see the history.</translation>
    </message>
    <message>
        <source>Lịch sử</source>
        <translation>History</translation>
    </message>
    <message>
        <source>In biên bản…</source>
        <translation>Print minutes…</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Ngày bàn giao ghi cho mọi dòng: không trước ngày tiếp nhận, không sau hôm nay</source>
        <translation>The handover date of every line: not before the devices were received, not after today</translation>
    </message>
    <message>
        <source>Họ tên người bàn giao</source>
        <translation>Full name of the person handing over</translation>
    </message>
    <message>
        <source>Người của nhà trường ký bên giao trong biên bản</source>
        <translation>The school&apos;s person who signs as the giving party in the minutes</translation>
    </message>
    <message>
        <source>Chức vụ</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Thu hồi thiết bị…</source>
        <translation>Take back a device…</translation>
    </message>
    <message>
        <source>Ghi nhận thiết bị được trả lại: hỏng, học sinh chuyển trường, mất…</source>
        <translation>Record a device coming back: faulty, the student moved, lost…</translation>
    </message>
    <message>
        <source>Xem trước, in hoặc lưu PDF biên bản bàn giao (Ctrl+P)</source>
        <translation>Preview, print or save as PDF the handover minutes (Ctrl+P)</translation>
    </message>
    <message>
        <source>Ngày bàn giao</source>
        <translation>Handover date</translation>
    </message>
    <message>
        <source>Người bàn giao</source>
        <translation>Handed over by</translation>
    </message>
    <message>
        <source>Đề xuất phân bổ</source>
        <translation>Propose allocation</translation>
    </message>
    <message>
        <source>Lập lại đề xuất theo thứ tự ưu tiên từ dữ liệu hiện có (F5 giữ các thay đổi)</source>
        <translation>Make the proposal again by priority from the current data (F5 keeps your changes)</translation>
    </message>
    <message>
        <source>Ghi nhận bàn giao</source>
        <translation>Record handovers</translation>
    </message>
    <message>
        <source>Ghi nhận bàn giao các dòng được đánh dấu Giao (Ctrl+Enter)</source>
        <translation>Record the handover of the lines ticked Deliver (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Đổi thiết bị…</source>
        <translation>Change device…</translation>
    </message>
    <message>
        <source>Chọn thiết bị khác cho dòng đang chọn (nhấp đúp vào dòng)</source>
        <translation>Choose another device for the selected line (double-click the line)</translation>
    </message>
    <message>
        <source>Người nhận…</source>
        <translation>Receiver…</translation>
    </message>
    <message>
        <source>Học sinh, cha mẹ hay người giám hộ nhận thiết bị; tình trạng, phụ kiện</source>
        <translation>Whether the student, a parent or a guardian receives the device; condition, accessories</translation>
    </message>
    <message>
        <source>Hãy nhập ngày bàn giao.</source>
        <translation>Enter the handover date.</translation>
    </message>
    <message>
        <source>Đang lập đề xuất phân bổ…</source>
        <translation>Making the allocation proposal…</translation>
    </message>
    <message>
        <source>Lập lại đề xuất từ đầu? Các thay đổi trên bảng (bỏ giao, đổi thiết bị, người nhận) sẽ mất.</source>
        <translation>Make the proposal again from scratch? Your changes in the table (lines not delivered, devices changed, receivers) will be lost.</translation>
    </message>
    <message>
        <source>Lập lại đề xuất</source>
        <translation>Propose again</translation>
    </message>
    <message>
        <source>Thiết bị đã chọn bằng tay cho {codes} không còn dùng được (đã bàn giao hoặc dành cho dòng khác); các dòng này trở lại thiết bị được đề xuất.</source>
        <translation>The devices chosen by hand for {codes} can no longer be used (handed over, or kept for another line); these lines are back to the proposed device.</translation>
    </message>
    <message>
        <source>Đề xuất phân bổ ({count})</source>
        <translation>Allocation proposal ({count})</translation>
    </message>
    <message>
        <source>Chờ thiết bị ({count})</source>
        <translation>Waiting for a device ({count})</translation>
    </message>
    <message>
        <source>Không đề xuất ({count})</source>
        <translation>Not proposed ({count})</translation>
    </message>
    <message>
        <source>Thiết bị chưa dùng ({count})</source>
        <translation>Unused devices ({count})</translation>
    </message>
    <message>
        <source>Dòng {row}: sẽ giao {serial} ({device}).</source>
        <translation>Line {row}: {serial} ({device}) will be delivered.</translation>
    </message>
    <message>
        <source>Chưa có dòng nào được đánh dấu Giao.</source>
        <translation>No line is ticked Deliver.</translation>
    </message>
    <message>
        <source>Đang kiểm tra các dòng bàn giao…</source>
        <translation>Checking the handover lines…</translation>
    </message>
    <message numerus="yes">
        <source>Ghi nhận bàn giao {count} thiết bị cho {count} học sinh, ngày {day}?</source>
        <translation>
            <numerusform>Record the handover of {count} device to {count} student on {day}?</numerusform>
            <numerusform>Record the handover of {count} devices to {count} students on {day}?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{warned} dòng có lưu ý (tô vàng; để chuột lên mã học sinh để đọc).</source>
        <translation>
            <numerusform>{warned} line has a warning (amber; hover over the student code to read it).</numerusform>
            <numerusform>{warned} lines have a warning (amber; hover over the student code to read them).</numerusform>
        </translation>
    </message>
    <message>
        <source>Việc bàn giao được ghi vào nhật ký và gửi lên CSDL ngành khi đồng bộ.</source>
        <translation>The handovers are written to the journal and sent to the ministry database when syncing.</translation>
    </message>
    <message>
        <source>Ghi nhận</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Đang ghi nhận bàn giao…</source>
        <translation>Recording the handovers…</translation>
    </message>
    <message numerus="yes">
        <source>Chưa ghi nhận dòng nào: {count} dòng có lỗi (tô đỏ). Dòng {row}: {message}</source>
        <translation>
            <numerusform>Nothing was recorded: {count} line has an error (red). Line {row}: {message}</numerusform>
            <numerusform>Nothing was recorded: {count} lines have an error (red). Line {row}: {message}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã ghi nhận {count} lượt bàn giao, ngày {day}.</source>
        <translation>
            <numerusform>Recorded {count} handover on {day}.</numerusform>
            <numerusform>Recorded {count} handovers on {day}.</numerusform>
        </translation>
    </message>
    <message>
        <source>In biên bản bàn giao</source>
        <translation>Print handover minutes</translation>
    </message>
    <message numerus="yes">
        <source>Đã ghi nhận bàn giao {count} thiết bị. In biên bản bàn giao cho các học sinh này ngay?</source>
        <translation>
            <numerusform>The handover of {count} device is recorded. Print the handover minutes of this student now?</numerusform>
            <numerusform>The handover of {count} devices is recorded. Print the handover minutes of these students now?</numerusform>
        </translation>
    </message>
    <message>
        <source>Để sau</source>
        <translation>Later</translation>
    </message>
    <message numerus="yes">
        <source>Đề xuất đã cập nhật: thiết bị {serials} không còn sẵn sàng.</source>
        <translation>
            <numerusform>Proposal updated: device {serials} is no longer available.</numerusform>
            <numerusform>Proposal updated: devices {serials} are no longer available.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dữ liệu vừa thay đổi: thiết bị đã bàn giao, thu hồi hoặc bị xóa ra khỏi đề xuất; các dòng của chúng được đề xuất lại.</source>
        <translation>The data has just changed: devices handed over, returned or deleted have left the proposal; their lines have been proposed again.</translation>
    </message>
    <message>
        <source>Đã ghi nhận thu hồi thiết bị {serial}.</source>
        <translation>Recorded that device {serial} was taken back.</translation>
    </message>
    <message numerus="yes">
        <source>{lines} dòng · {accepted} sẽ giao</source>
        <translation>
            <numerusform>{lines} line · {accepted} to deliver</numerusform>
            <numerusform>{lines} lines · {accepted} to deliver</numerusform>
        </translation>
    </message>
    <message>
        <source> · {warned} có lưu ý</source>
        <translation> · {warned} with a warning</translation>
    </message>
    <message>
        <source>Không giao dòng này</source>
        <translation>Do not deliver this line</translation>
    </message>
    <message>
        <source>Giao dòng này</source>
        <translation>Deliver this line</translation>
    </message>
    <message>
        <source>Lịch sử của học sinh</source>
        <translation>History of the student</translation>
    </message>
    <message>
        <source>Lịch sử của thiết bị</source>
        <translation>History of the device</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Mã học sinh hoặc số serial/IMEI, rồi Enter</source>
        <translation>Student code or serial/IMEI, then Enter</translation>
    </message>
    <message>
        <source>Xem lịch sử</source>
        <translation>Show history</translation>
    </message>
    <message>
        <source>Lịch sử bàn giao và thu hồi</source>
        <translation>Handovers and returns</translation>
    </message>
    <message>
        <source>Nhập mã học sinh hoặc số serial/IMEI; hoặc nhấp đúp một học sinh, một thiết bị ở các thẻ khác.</source>
        <translation>Type a student code or a serial/IMEI; or double-click a student or a device on the other tabs.</translation>
    </message>
    <message>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>In biên bản của học sinh này…</source>
        <translation>Print this student&apos;s minutes…</translation>
    </message>
    <message>
        <source>Thu hồi thiết bị này…</source>
        <translation>Take this device back…</translation>
    </message>
    <message>
        <source>Lịch sử của học sinh {code} – {name}, lớp {class_name}</source>
        <translation>History of student {code} – {name}, class {class_name}</translation>
    </message>
    <message>
        <source>Lịch sử của thiết bị {serial} – {device}</source>
        <translation>History of device {serial} – {device}</translation>
    </message>
    <message>
        <source>“{text}”: chưa có lượt bàn giao hay thu hồi nào của học sinh hoặc thiết bị này.</source>
        <translation>“{text}”: no handover or return of such a student or device yet.</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Sự kiện</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Lý do thu hồi</source>
        <translation>Reason for return</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Người nhận/trả</source>
        <translation>Received/returned by</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Ghi nhận</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <source>Ngày bàn giao hoặc thu hồi</source>
        <translation>Date of the handover or return</translation>
    </message>
    <message>
        <source>Bàn giao hoặc thu hồi, cho học sinh nào</source>
        <translation>Handover or return, and which student</translation>
    </message>
    <message>
        <source>Số serial/IMEI (để chuột lên để xem hãng và model)</source>
        <translation>Serial/IMEI (hover to see the brand and model)</translation>
    </message>
    <message>
        <source>Người nhận thiết bị khi bàn giao, người mang trả khi thu hồi</source>
        <translation>Who received the device at a handover, who brought it back at a return</translation>
    </message>
    <message>
        <source>Ghi nhận muộn: quá 01 ngày sau khi bàn giao hoặc thu hồi</source>
        <translation>Recorded late: more than 1 day after the handover or return</translation>
    </message>
    <message>
        <source>Ghi nhận muộn: quá 01 ngày sau khi diễn ra.</source>
        <translation>Recorded late: more than 1 day after it happened.</translation>
    </message>
    <message>
        <source>Muộn</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Nhập</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Chọn cách nhập rồi bấm “Nhập” để ghi vào dữ liệu của trường.</source>
        <translation>Choose how to import, then click “Import” to write to the school&apos;s data.</translation>
    </message>
    <message>
        <source>Nhập tất cả (chỉ khi không có lỗi)</source>
        <translation>Import everything (only if there are no errors)</translation>
    </message>
    <message>
        <source>Chỉ nhập các dòng hợp lệ</source>
        <translation>Import only the valid rows</translation>
    </message>
    <message>
        <source>Dữ liệu được ghi trong một lần: nếu bấm Hủy trước khi bắt đầu ghi, hoặc có sự cố giữa chừng, dữ liệu của trường giữ nguyên như trước.</source>
        <translation>The data is written in one go: if you click Cancel before writing starts, or something goes wrong midway, the school&apos;s data stays exactly as it was.</translation>
    </message>
    <message>
        <source>Nhập “{kind}” từ tệp {name}.</source>
        <translation>Import “{kind}” from the file {name}.</translation>
    </message>
    <message numerus="yes">
        <source>Không dùng được: tệp có {n} dòng lỗi.</source>
        <translation>
            <numerusform>Not available: the file has {n} row with errors.</numerusform>
            <numerusform>Not available: the file has {n} rows with errors.</numerusform>
        </translation>
    </message>
    <message>
        <source>Ghi {valid} dòng hợp lệ, bỏ qua {bad} dòng có lỗi.</source>
        <translation>Write the valid rows ({valid}) and skip the rows with errors ({bad}).</translation>
    </message>
    <message numerus="yes">
        <source>Ghi tất cả {n} dòng; nếu có lỗi thì không ghi dòng nào.</source>
        <translation>
            <numerusform>Write the {n} row; if it has an error, nothing is written.</numerusform>
            <numerusform>Write all {n} rows; if there is any error, no row is written.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tệp không có dòng lỗi: cũng ghi {n} dòng.</source>
        <translation>
            <numerusform>The file has no rows with errors: this also writes {n} row.</numerusform>
            <numerusform>The file has no rows with errors: this also writes {n} rows.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nhập dữ liệu từ tệp {name}</source>
        <translation>Import data from the file {name}</translation>
    </message>
    <message>
        <source>Không nhập được: {reason}
Dữ liệu của trường không thay đổi.</source>
        <translation>The import failed: {reason}
The school&apos;s data has not changed.</translation>
    </message>
    <message>
        <source>Đã hủy; dữ liệu của trường không thay đổi.</source>
        <translation>Cancelled; the school&apos;s data has not changed.</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Nhập dữ liệu từ tệp Excel</source>
        <translation>Import data from an Excel file</translation>
    </message>
    <message>
        <source>&lt; Quay lại</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>Tiếp &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>Nhập</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang kiểm tra từng dòng…</source>
        <translation>Checking each row…</translation>
    </message>
    <message>
        <source>Đang đối chiếu với dữ liệu đã có…</source>
        <translation>Comparing with the existing data…</translation>
    </message>
    <message>
        <source>Đang ghi vào dữ liệu của trường…</source>
        <translation>Writing to the school&apos;s data…</translation>
    </message>
    <message>
        <source>Bảng tính (*.xlsx *.xls *.ods *.csv)</source>
        <translation>Spreadsheets (*.xlsx *.xls *.ods *.csv)</translation>
    </message>
    <message>
        <source>Sổ làm việc Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>Lưu báo cáo lỗi</source>
        <translation>Save error report</translation>
    </message>
    <message>
        <source>Đang lưu báo cáo lỗi…</source>
        <translation>Saving the error report…</translation>
    </message>
    <message>
        <source>Đã lưu báo cáo lỗi: {path}</source>
        <translation>Error report saved: {path}</translation>
    </message>
    <message>
        <source>Nhu cầu hỗ trợ</source>
        <translation>Support needs</translation>
    </message>
    <message>
        <source>Tiếp nhận thiết bị</source>
        <translation>Device intake</translation>
    </message>
    <message>
        <source>Bàn giao</source>
        <translation>Handover</translation>
    </message>
    <message>
        <source>Tiêm vắc-xin</source>
        <translation>Vaccinations</translation>
    </message>
    <message>
        <source>Nhập xong.</source>
        <translation>Import finished.</translation>
    </message>
    <message numerus="yes">
        <source>{n} dòng có lỗi</source>
        <translation>
            <numerusform>{n} row with errors</numerusform>
            <numerusform>{n} rows with errors</numerusform>
        </translation>
    </message>
    <message>
        <source>Đọc {read} dòng: {valid} dòng hợp lệ, {bad}, {warnings} cảnh báo.</source>
        <translation>Rows read: {read}; valid: {valid}; {bad}; warnings: {warnings}.</translation>
    </message>
    <message>
        <source>Chưa nhập: không có dữ liệu nào được ghi.</source>
        <translation>Not imported: no data was written.</translation>
    </message>
    <message>
        <source>Dữ liệu trong tệp đã có sẵn, không có gì thay đổi.</source>
        <translation>The data in the file is already there; nothing changed.</translation>
    </message>
    <message numerus="yes">
        <source> ({n} lỗi)</source>
        <translation>
            <numerusform> ({n} error)</numerusform>
            <numerusform> ({n} errors)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã nhập {n} dòng: thêm mới {created}, cập nhật {updated}, không đổi {unchanged}.</source>
        <translation>
            <numerusform>Imported {n} row: {created} added, {updated} updated, {unchanged} unchanged.</numerusform>
            <numerusform>Imported {n} rows: {created} added, {updated} updated, {unchanged} unchanged.</numerusform>
        </translation>
    </message>
    <message>
        <source>Các thay đổi đã được lưu trên máy và sẽ được gửi đi khi đồng bộ.</source>
        <translation>The changes are saved on this computer and will be sent when syncing.</translation>
    </message>
    <message>
        <source>Không đọc được tệp:</source>
        <translation>The file could not be read:</translation>
    </message>
    <message numerus="yes">
        <source>Tệp có {n} dòng lỗi (có thể tệp đã được sửa sau khi kiểm tra) nên không ghi dòng nào. Hãy lưu báo cáo lỗi, sửa tệp rồi nhập lại, hoặc chọn “Chỉ nhập các dòng hợp lệ”.</source>
        <translation>
            <numerusform>The file has {n} row with errors (it may have been changed after the check), so no row was written. Save the error report, correct the file and import it again, or choose “Import only the valid rows”.</numerusform>
            <numerusform>The file has {n} rows with errors (it may have been changed after the check), so no row was written. Save the error report, correct the file and import it again, or choose “Import only the valid rows”.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã bỏ qua {n} dòng có lỗi. Lưu báo cáo lỗi để xem các dòng đó, sửa rồi nhập lại tệp: các dòng đã nhập sẽ không bị nhập trùng.</source>
        <translation>
            <numerusform>{n} row with errors was skipped. Save the error report to see it, correct it and import the file again: the rows already imported will not be imported twice.</numerusform>
            <numerusform>{n} rows with errors were skipped. Save the error report to see those rows, correct them and import the file again: the rows already imported will not be imported twice.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Job</name>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang hủy…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Đăng nhập tài khoản đồng bộ</source>
        <translation>Sign in to the sync account</translation>
    </message>
    <message>
        <source>Phòng/Sở GD&amp;ĐT cấp cho mỗi trường một tài khoản đồng bộ: địa chỉ máy chủ, mã trường, tên đăng nhập và mật khẩu. Ghi đúng như được cấp; chương trình kiểm tra với máy chủ trước khi lưu.</source>
        <translation>The district or provincial education office gives each school a sync account: a server address, a school code, a user name and a password. Enter them exactly as given; they are checked with the server before they are kept.</translation>
    </message>
    <message>
        <source>Hiện mật khẩu</source>
        <translation>Show password</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Mã trường</source>
        <translation>School code</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Mật khẩu được lưu trong kho mật khẩu an toàn của hệ điều hành (trên Windows: Credential Manager), không lưu trong tệp dữ liệu.</source>
        <translation>The password is kept in the operating system&apos;s secure password store (on Windows: Credential Manager), never in the data file.</translation>
    </message>
    <message>
        <source>Máy này không có kho mật khẩu an toàn của hệ điều hành, nên mật khẩu sẽ không được lưu: chương trình sẽ hỏi mật khẩu mỗi lần đồng bộ.</source>
        <translation>This computer has no secure password store, so the password will not be kept: it will be asked at each sync.</translation>
    </message>
    <message>
        <source>Đang kiểm tra với máy chủ…</source>
        <translation>Checking with the server…</translation>
    </message>
    <message>
        <source>Đăng nhập</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Hãy nhập mật khẩu.</source>
        <translation>Enter the password.</translation>
    </message>
    <message>
        <source>Tự đồng bộ khi có mạng trở lại đang tắt: hãy bấm “Đồng bộ ngay” (F9) để gửi dữ liệu, hoặc bật ô “Tự đồng bộ khi có mạng trở lại” trên trang Đồng bộ.</source>
        <translation>Syncing by itself when the network returns is off: press “Sync now” (F9) to send the data, or tick “Sync by itself when the network returns” on the Sync page.</translation>
    </message>
    <message>
        <source>Vì vậy chương trình không tự đồng bộ khi có mạng trở lại (ô “Tự đồng bộ khi có mạng trở lại” trên trang Đồng bộ bị tắt): hãy bấm “Đồng bộ ngay” (F9) để gửi dữ liệu.</source>
        <translation>So the program does not sync by itself when the network returns (the “Sync by itself when the network returns” box on the Sync page is off): press “Sync now” (F9) to send the data.</translation>
    </message>
    <message>
        <source>Khi có mạng trở lại, chương trình tự gửi các thay đổi đang chờ (tắt được ở ô “Tự đồng bộ khi có mạng trở lại” trên trang Đồng bộ).</source>
        <translation>When the network returns, the program sends the waiting changes by itself (this can be turned off with the “Sync by itself when the network returns” box on the Sync page).</translation>
    </message>
    <message>
        <source>Đã đăng nhập máy chủ {endpoint}; mật khẩu được lưu trong kho mật khẩu của hệ điều hành.</source>
        <translation>Signed in to the server {endpoint}; the password is kept in the operating system&apos;s password store.</translation>
    </message>
    <message>
        <source>Đã đăng nhập máy chủ {endpoint}. Máy này không có kho mật khẩu an toàn của hệ điều hành, nên mật khẩu không được lưu: chương trình sẽ hỏi mật khẩu mỗi lần đồng bộ.</source>
        <translation>Signed in to the server {endpoint}. This computer has no secure password store of the operating system, so the password is not kept: the program will ask for it at each sync.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Nhập từ Excel…</source>
        <translation>&amp;Import from Excel…</translation>
    </message>
    <message>
        <source>&amp;Khóa màn hình</source>
        <translation>&amp;Lock screen</translation>
    </message>
    <message>
        <source>&amp;Thoát</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Giới thiệu</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>Thanh công cụ</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Tệp dữ liệu: {path}</source>
        <translation>Data file: {path}</translation>
    </message>
    <message>
        <source>Thay đổi chờ đồng bộ: {count}</source>
        <translation>Changes waiting to sync: {count}</translation>
    </message>
    <message>
        <source>Thay đổi chờ đồng bộ: ?</source>
        <translation>Changes waiting to sync: ?</translation>
    </message>
    <message>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Máy chủ đồng bộ {endpoint} đang trả lời</source>
        <translation>The sync server {endpoint} is answering</translation>
    </message>
    <message>
        <source>Đang đồng bộ…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Tiêm vắc-xin</source>
        <translation>Vaccinations</translation>
    </message>
    <message>
        <source>Đang đồng bộ; bấm để xem tiến độ hoặc hủy</source>
        <translation>Syncing; click to see the progress or cancel</translation>
    </message>
    <message>
        <source>Không có mạng</source>
        <translation>No network</translation>
    </message>
    <message>
        <source>Đang kiểm tra mạng…</source>
        <translation>Checking the network…</translation>
    </message>
    <message>
        <source>Đồng bộ ({count})</source>
        <translation>Sync ({count})</translation>
    </message>
    <message numerus="yes">
        <source>Gửi {count} thay đổi đang chờ lên máy chủ và nhận kết quả duyệt (F9)</source>
        <translation>
            <numerusform>Send the {count} waiting change to the server and receive review decisions (F9)</numerusform>
            <numerusform>Send the {count} waiting changes to the server and receive review decisions (F9)</numerusform>
        </translation>
    </message>
    <message>
        <source>Không kết nối được máy chủ đồng bộ {endpoint}: kiểm tra mạng của máy; các thay đổi vẫn chờ gửi.</source>
        <translation>Cannot reach the sync server {endpoint}: check this computer&apos;s network; the changes are still waiting to be sent.</translation>
    </message>
    <message>
        <source>Đang hỏi máy chủ đồng bộ {endpoint}</source>
        <translation>Asking the sync server {endpoint}</translation>
    </message>
    <message>
        <source>Không có thay đổi chờ gửi; đồng bộ để nhận kết quả duyệt mới (F9)</source>
        <translation>No changes waiting; sync to receive new review decisions (F9)</translation>
    </message>
    <message>
        <source>Mạng đã trở lại: đang tự đồng bộ…</source>
        <translation>The network is back: syncing automatically…</translation>
    </message>
    <message>
        <source>Đồng bộ gặp lỗi.</source>
        <translation>The sync failed.</translation>
    </message>
    <message>
        <source>Chưa đăng nhập</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <source>Chưa đăng nhập tài khoản đồng bộ: vào trang Đồng bộ, bấm “Đăng nhập…”.</source>
        <translation>No sync account yet: on the Sync page, press “Sign in…”.</translation>
    </message>
    <message>
        <source>Đã dừng đồng bộ; các thay đổi chưa gửi vẫn chờ.</source>
        <translation>Sync stopped; the changes not sent yet are still waiting.</translation>
    </message>
    <message>
        <source>Đồng bộ chưa xong: {error}</source>
        <translation>Sync not finished: {error}</translation>
    </message>
    <message>
        <source>Đồng bộ xong: đã gửi {sent} thay đổi, nhận {decisions} kết quả duyệt.</source>
        <translation>Sync finished. Changes sent: {sent}; review decisions received: {decisions}.</translation>
    </message>
    <message numerus="yes">
        <source>{count} thay đổi bị từ chối: xem trang Đồng bộ.</source>
        <translation>
            <numerusform>{count} change refused: see the Sync page.</numerusform>
            <numerusform>{count} changes refused: see the Sync page.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sóng và máy tính cho em</source>
        <translation>Waves and Computers for Children</translation>
    </message>
    <message>
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Phiên bản {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <source>Ứng dụng của nhà trường: quản lý nhu cầu thiết bị học tập của học sinh, tiếp nhận thiết bị tài trợ và bàn giao; làm việc không cần mạng, đồng bộ khi có mạng.</source>
        <translation>The school&apos;s application: manages students&apos; needs for learning devices, the donated devices received and their handover; works offline and syncs when a connection is available.</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Tổng quan</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Học sinh &amp; nhu cầu</source>
        <translation>Students &amp; needs</translation>
    </message>
    <message>
        <source>Tiếp nhận thiết bị</source>
        <translation>Device intake</translation>
    </message>
    <message>
        <source>Bàn giao</source>
        <translation>Handover</translation>
    </message>
    <message>
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>MinutesDialog</name>
    <message>
        <source>In biên bản bàn giao</source>
        <translation>Print handover minutes</translation>
    </message>
    <message>
        <source>Các học sinh vừa bàn giao ({count})</source>
        <translation>The students just handed a device ({count})</translation>
    </message>
    <message>
        <source>Học sinh có mã</source>
        <translation>Students with the codes</translation>
    </message>
    <message>
        <source>Các học sinh nhận thiết bị của đợt</source>
        <translation>The students who received a device of batch</translation>
    </message>
    <message>
        <source>Tất cả học sinh đã nhận thiết bị</source>
        <translation>Every student who has received a device</translation>
    </message>
    <message>
        <source>Một hoặc nhiều mã học sinh, cách nhau dấu phẩy</source>
        <translation>One or more student codes, separated by commas</translation>
    </message>
    <message>
        <source>{code} — {donor} ({count} đã bàn giao)</source>
        <translation>{code} — {donor} ({count} handed over)</translation>
    </message>
    <message>
        <source>Mỗi học sinh một biên bản (lượt bàn giao gần nhất), mỗi biên bản bắt đầu ở trang mới, theo thứ tự lớp và tên. Mẫu biên bản có thể sửa trong thư mục {folder}.</source>
        <translation>One set of minutes per student (their latest handover), each starting on a new page, in class and name order. The minutes template can be edited in the folder {folder}.</translation>
    </message>
    <message>
        <source>Xem trước</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>In…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Lưu PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đang lập biên bản…</source>
        <translation>Making the minutes…</translation>
    </message>
    <message>
        <source>Lưu biên bản ra tệp PDF</source>
        <translation>Save the minutes as a PDF file</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message numerus="yes">
        <source>Đã lưu {documents} biên bản ({pages} trang) vào {link}.</source>
        <translation>
            <numerusform>Saved {documents} set of minutes (pages: {pages}) to {link}.</numerusform>
            <numerusform>Saved {documents} sets of minutes (pages: {pages}) to {link}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đang lưu biên bản ra tệp PDF…</source>
        <translation>Saving the minutes as PDF…</translation>
    </message>
    <message numerus="yes">
        <source>Xem trước khi in — {count} biên bản</source>
        <translation>
            <numerusform>Print preview — {count} set of minutes</numerusform>
            <numerusform>Print preview — {count} sets of minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã gửi {count} biên bản tới máy in.</source>
        <translation>
            <numerusform>Sent {count} set of minutes to the printer.</numerusform>
            <numerusform>Sent {count} sets of minutes to the printer.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Hồ sơ trường</source>
        <translation>School profile</translation>
    </message>
    <message>
        <source>Sửa hồ sơ trường…</source>
        <translation>Edit school profile…</translation>
    </message>
    <message>
        <source>Chưa có hồ sơ trường. Vào mục Cài đặt để nhập tên, mã và cấp học.</source>
        <translation>There is no school profile yet. Go to Settings to enter the name, code and school level.</translation>
    </message>
    <message>
        <source>Ứng dụng</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Tệp dữ liệu</source>
        <translation>Data file</translation>
    </message>
    <message>
        <source>Phiên bản</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Số liệu lúc {time} · bấm F5 để làm mới</source>
        <translation>Figures as of {time} · press F5 to refresh</translation>
    </message>
    <message>
        <source>Học sinh</source>
        <translation>Students</translation>
    </message>
    <message>
        <source>Nhu cầu hỗ trợ</source>
        <translation>Support needs</translation>
    </message>
    <message>
        <source>Nhà tài trợ</source>
        <translation>Donors</translation>
    </message>
    <message>
        <source>Đợt tài trợ</source>
        <translation>Donation batches</translation>
    </message>
    <message>
        <source>Thiết bị đã tiếp nhận</source>
        <translation>Devices received</translation>
    </message>
    <message>
        <source>Học sinh đã nhận thiết bị</source>
        <translation>Students who received a device</translation>
    </message>
    <message>
        <source>Thay đổi chờ đồng bộ</source>
        <translation>Changes waiting to sync</translation>
    </message>
    <message>
        <source>Thay đổi đã gửi</source>
        <translation>Changes sent</translation>
    </message>
    <message>
        <source>Thay đổi bị từ chối</source>
        <translation>Changes rejected</translation>
    </message>
    <message>
        <source>Số liệu chính của trường và các thay đổi chờ đồng bộ.</source>
        <translation>The school&apos;s key figures and the changes waiting to sync.</translation>
    </message>
    <message>
        <source>Học sinh chưa có thiết bị học trực tuyến và nhu cầu hỗ trợ của các em, theo diện ưu tiên: hộ nghèo, hộ cận nghèo, cha/mẹ tử vong do COVID-19, khó khăn khác.</source>
        <translation>Students without a device for online learning and their support needs, by priority category: poor households, near-poor households, a parent who died of COVID-19, other hardship.</translation>
    </message>
    <message>
        <source>Nhà tài trợ, các đợt tài trợ và thiết bị nhà trường đã tiếp nhận. Ghi nhận trong vòng 1 ngày kể từ khi nhận.</source>
        <translation>Donors, donation batches and the devices the school has received. Record them within 1 day of receipt.</translation>
    </message>
    <message>
        <source>Bàn giao thiết bị cho học sinh theo thứ tự ưu tiên và in biên bản bàn giao. Ghi nhận trong vòng 1 ngày kể từ khi bàn giao; mỗi học sinh chỉ được hỗ trợ một lần.</source>
        <translation>Hand devices over to students in order of priority and print the handover record. Record it within 1 day of the handover; each student can be supported only once.</translation>
    </message>
    <message>
        <source>Tổng hợp nhu cầu (mẫu 4.8.2), thiết bị tiếp nhận theo nguồn và nhà tài trợ, bàn giao; xuất theo mẫu Excel của Bộ.</source>
        <translation>Summary of needs (form 4.8.2), devices received by source and donor, handovers; export in the Ministry&apos;s Excel templates.</translation>
    </message>
    <message>
        <source>Mọi thay đổi được lưu ngay trên máy này và gửi lên CSDL ngành khi có mạng.</source>
        <translation>Every change is saved on this computer at once and sent to the education sector database when a connection is available.</translation>
    </message>
    <message>
        <source>Hồ sơ trường, tệp dữ liệu và phiên bản ứng dụng.</source>
        <translation>School profile, data file and application version.</translation>
    </message>
    <message>
        <source>Tên trường</source>
        <translation>School name</translation>
    </message>
    <message>
        <source>Mã trường</source>
        <translation>School code</translation>
    </message>
    <message>
        <source>Cấp học</source>
        <translation>School level</translation>
    </message>
    <message>
        <source>Xã/phường</source>
        <translation>Commune/ward</translation>
    </message>
    <message>
        <source>Quận/huyện</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Tỉnh/thành phố</source>
        <translation>Province/city</translation>
    </message>
    <message>
        <source>Hiệu trưởng</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Cán bộ phụ trách</source>
        <translation>Staff member in charge</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Mật khẩu bản sao mã hoá</source>
        <translation>Passphrase of the encrypted copy</translation>
    </message>
    <message>
        <source>Hiện mật khẩu</source>
        <translation>Show the passphrase</translation>
    </message>
    <message>
        <source>Mật khẩu:</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>Nhập lại:</source>
        <translation>Again:</translation>
    </message>
    <message>
        <source>Cần đúng mật khẩu này để khôi phục trên máy khác; không có cách nào lấy lại mật khẩu đã quên. Ít nhất {count} ký tự hoặc {words} từ, ví dụ: mây trắng bay qua núi.</source>
        <translation>This exact passphrase is needed to restore on another PC; a forgotten passphrase cannot be recovered. At least {count} characters or {words} words, for example: white clouds over the hill.</translation>
    </message>
    <message>
        <source>Mật khẩu đã đặt khi xuất bản sao.</source>
        <translation>The passphrase set when the copy was exported.</translation>
    </message>
    <message>
        <source>Hãy nhập mật khẩu.</source>
        <translation>Enter the passphrase.</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không giống nhau.</source>
        <translation>The two passphrases are not the same.</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Mật khẩu đồng bộ</source>
        <translation>Sync password</translation>
    </message>
    <message>
        <source>Máy này không có kho mật khẩu an toàn nên không lưu mật khẩu đồng bộ. Nhập mật khẩu của tài khoản {username} (trường {school}) cho lần đồng bộ này.</source>
        <translation>This computer has no secure password store, so the sync password is not kept. Enter the password of the account {username} (school {school}) for this sync.</translation>
    </message>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <source>Xã/phường</source>
        <translation>Commune/ward</translation>
    </message>
    <message>
        <source>Ví dụ: Xã Ea Tu</source>
        <translation>Example: Ea Tu commune</translation>
    </message>
    <message>
        <source>Quận/huyện</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Ví dụ: TP. Buôn Ma Thuột</source>
        <translation>Example: Buôn Ma Thuột city</translation>
    </message>
    <message>
        <source>Tỉnh/thành phố</source>
        <translation>Province/city</translation>
    </message>
    <message>
        <source>Ví dụ: Đắk Lắk</source>
        <translation>Example: Đắk Lắk</translation>
    </message>
    <message>
        <source>Hiệu trưởng</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Họ và tên hiệu trưởng</source>
        <translation>Full name of the principal</translation>
    </message>
    <message>
        <source>Cán bộ phụ trách</source>
        <translation>Staff member in charge</translation>
    </message>
    <message>
        <source>Người nhập và quản lý dữ liệu</source>
        <translation>The person who enters and manages the data</translation>
    </message>
    <message>
        <source>Cơ quan chủ quản</source>
        <translation>Parent agency</translation>
    </message>
    <message>
        <source>In phía trên tên trường trong biên bản</source>
        <translation>Printed above the school&apos;s name in the minutes</translation>
    </message>
    <message>
        <source>Địa chỉ và người phụ trách</source>
        <translation>Address and people in charge</translation>
    </message>
    <message>
        <source>Dùng trên biên bản bàn giao và báo cáo. Có thể để trống và bổ sung sau.</source>
        <translation>Used on handover records and reports. You can leave these empty and add them later.</translation>
    </message>
    <message>
        <source>Cán bộ phụ trách ký biên bản bàn giao thay hiệu trưởng</source>
        <translation>The staff member in charge signs the minutes</translation>
    </message>
    <message>
        <source>Khi lần bàn giao không ghi người đại diện bên giao, biên bản ghi tên cán bộ phụ trách thay cho hiệu trưởng.</source>
        <translation>When a handover does not name the school&apos;s representative, the handover minutes name the staff member in charge instead of the principal.</translation>
    </message>
    <message>
        <source>Dòng in phía trên tên trường ở biên bản và báo cáo, ví dụ PHÒNG GD&amp;ĐT HUYỆN MƯỜNG NHÉ. Để trống thì lấy theo quận/huyện (THPT: theo tỉnh).</source>
        <translation>The line printed above the school&apos;s name in minutes and reports, e.g. PHÒNG GD&amp;ĐT HUYỆN MƯỜNG NHÉ. Left empty, it is made from the district (upper secondary: from the province).</translation>
    </message>
    <message>
        <source>Nhu cầu chưa được Phòng duyệt khi bàn giao</source>
        <translation>Needs not yet approved by the district office at handover</translation>
    </message>
</context>
<context>
    <name>ProblemTableModel</name>
    <message>
        <source>Dòng</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Ô</source>
        <translation>Cell</translation>
    </message>
    <message>
        <source>Cột</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Mức độ</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Cảnh báo</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Thông tin</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
</context>
<context>
    <name>ProposalTableModel</name>
    <message>
        <source>Giao</source>
        <translation>Deliver</translation>
    </message>
    <message>
        <source>Mã HS</source>
        <translation>Student code</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Lớp</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Diện</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Loại đề nghị</source>
        <translation>Requested type</translation>
    </message>
    <message>
        <source>Thiết bị giao</source>
        <translation>Device to deliver</translation>
    </message>
    <message>
        <source>Hãng – Model</source>
        <translation>Brand – model</translation>
    </message>
    <message>
        <source>Người nhận</source>
        <translation>Receiver</translation>
    </message>
    <message>
        <source>Lý do đề xuất</source>
        <translation>Why proposed</translation>
    </message>
    <message>
        <source>Bỏ dấu để không giao dòng này lần này (phím cách)</source>
        <translation>Untick to not deliver this line this time (Space)</translation>
    </message>
    <message>
        <source>Mã học sinh; dòng có lưu ý tô vàng, dòng bị từ chối tô đỏ (để chuột lên để đọc)</source>
        <translation>Student code; a line with a warning is amber, a refused line red (hover to read)</translation>
    </message>
    <message>
        <source>Họ và tên học sinh</source>
        <translation>Student&apos;s full name</translation>
    </message>
    <message>
        <source>Diện đối tượng: 1 hộ nghèo, 2 hộ cận nghèo, 3 cha/mẹ tử vong do COVID-19, 4 khó khăn khác</source>
        <translation>Category: 1 poor household, 2 near-poor household, 3 parent died of COVID-19, 4 other hardship</translation>
    </message>
    <message>
        <source>Loại thiết bị học sinh đề nghị</source>
        <translation>Device type the student asked for</translation>
    </message>
    <message>
        <source>Số serial/IMEI của thiết bị sẽ giao (nhấp đúp để đổi)</source>
        <translation>Serial/IMEI of the device to deliver (double-click to change)</translation>
    </message>
    <message>
        <source>Hãng và model của thiết bị sẽ giao</source>
        <translation>Brand and model of the device to deliver</translation>
    </message>
    <message>
        <source>Người nhận thiết bị: học sinh, cha mẹ hoặc người giám hộ</source>
        <translation>Who receives the device: the student, a parent or a guardian</translation>
    </message>
    <message>
        <source>Vì sao học sinh này nhận thiết bị này</source>
        <translation>Why this student gets this device</translation>
    </message>
    <message>
        <source>Cán bộ đã đổi thiết bị: giao {serial} ({device}) thay cho {proposed}.</source>
        <translation>Device changed by hand: {serial} ({device}) instead of {proposed}.</translation>
    </message>
    <message>
        <source>Dòng này không được giao lần này.</source>
        <translation>This line is not delivered this time.</translation>
    </message>
    <message>
        <source>Số serial/IMEI: {serial}</source>
        <translation>Serial/IMEI: {serial}</translation>
    </message>
    <message>
        <source>{device} {brand} {model}, đợt {batch}, tiếp nhận {received}</source>
        <translation>{device} {brand} {model}, batch {batch}, received {received}</translation>
    </message>
    <message>
        <source>Đề xuất ban đầu: {serial}</source>
        <translation>Originally proposed: {serial}</translation>
    </message>
</context>
<context>
    <name>QuickEntryDialog</name>
    <message>
        <source>Ghi nhận ngày tiêm tại trường</source>
        <translation>Record a school vaccination day</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Ví dụ: Trạm Y tế xã Ea Tu</source>
        <translation>E.g. Ea Tu commune health station</translation>
    </message>
    <message>
        <source>— Chọn lớp —</source>
        <translation>— Choose a class —</translation>
    </message>
    <message>
        <source>Lớp {name}</source>
        <translation>Class {name}</translation>
    </message>
    <message>
        <source>Vắc-xin (*)</source>
        <translation>Vaccine (*)</translation>
    </message>
    <message>
        <source>Ngày tiêm (*)</source>
        <translation>Date given (*)</translation>
    </message>
    <message>
        <source>Nơi tiêm (*)</source>
        <translation>Where given (*)</translation>
    </message>
    <message>
        <source>Số lô</source>
        <translation>Lot number</translation>
    </message>
    <message>
        <source>Cơ sở tiêm</source>
        <translation>Vaccination site</translation>
    </message>
    <message>
        <source>Lớp (*)</source>
        <translation>Class (*)</translation>
    </message>
    <message>
        <source>Mũi {dose}</source>
        <translation>Dose {dose}</translation>
    </message>
    <message>
        <source>Chọn tất cả</source>
        <translation>Select all</translation>
    </message>
    <message>
        <source>Ghi nhận</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Đánh dấu các em đã được tiêm. Mỗi em được ghi nhận mũi tiếp theo của mình; nếu có em không hợp lệ, không mũi nào được lưu và lỗi được liệt kê bên dưới.</source>
        <translation>Tick the students who were vaccinated. Each is recorded with their next dose; if any of them cannot be, no dose is saved and the problems are listed below.</translation>
    </message>
    <message>
        <source>Đang đọc danh sách lớp…</source>
        <translation>Reading the class list…</translation>
    </message>
    <message numerus="yes">
        <source>Đã chọn {ticked}/{total} học sinh</source>
        <translation>
            <numerusform>{ticked}/{total} student selected</numerusform>
            <numerusform>{ticked}/{total} students selected</numerusform>
        </translation>
    </message>
    <message>
        <source>&quot;{value}&quot; không phải là ngày hợp lệ. Hãy nhập ngày/tháng/năm, ví dụ 15/10/2021.</source>
        <translation>&quot;{value}&quot; is not a valid date. Type day/month/year, e.g. 15/10/2021.</translation>
    </message>
    <message>
        <source>Có lưu ý với một số học sinh (xem danh sách). Vẫn ghi nhận?</source>
        <translation>Some students need a second look (see the list). Record anyway?</translation>
    </message>
    <message>
        <source>Kiểm tra lại</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>Vẫn ghi nhận</source>
        <translation>Record anyway</translation>
    </message>
    <message>
        <source>Đang kiểm tra các mũi tiêm…</source>
        <translation>Checking the doses…</translation>
    </message>
    <message>
        <source>Đang ghi nhận các mũi tiêm…</source>
        <translation>Recording the doses…</translation>
    </message>
    <message numerus="yes">
        <source>Chưa ghi nhận mũi nào: {count} học sinh có lỗi. Hãy bỏ chọn các em này hoặc sửa vắc-xin/ngày tiêm rồi ghi nhận lại.</source>
        <translation>
            <numerusform>Nothing was recorded: {count} student has a problem. Untick them, or correct the vaccine or the date, and record again.</numerusform>
            <numerusform>Nothing was recorded: {count} students have problems. Untick them, or correct the vaccine or the date, and record again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Lưu ý với {count} học sinh:</source>
        <translation>
            <numerusform>Please check {count} student:</numerusform>
            <numerusform>Please check {count} students:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReceiverDialog</name>
    <message>
        <source>Người nhận thiết bị — {student}</source>
        <translation>Receiver of the device — {student}</translation>
    </message>
    <message>
        <source>Người nhận</source>
        <translation>Receiver</translation>
    </message>
    <message>
        <source>Bắt buộc khi người nhận không phải học sinh</source>
        <translation>Required when the receiver is not the student</translation>
    </message>
    <message>
        <source>Ví dụ: mẹ, ông nội</source>
        <translation>For example: mother, grandfather</translation>
    </message>
    <message>
        <source>12 chữ số, nếu có</source>
        <translation>12 digits, if known</translation>
    </message>
    <message>
        <source>Ví dụ: Mới, nguyên hộp</source>
        <translation>For example: new, sealed box</translation>
    </message>
    <message>
        <source>Ví dụ: Sạc, tai nghe</source>
        <translation>For example: charger, headphones</translation>
    </message>
    <message>
        <source>Họ tên người nhận thay</source>
        <translation>Full name of the person receiving</translation>
    </message>
    <message>
        <source>Quan hệ với học sinh</source>
        <translation>Relationship to the student</translation>
    </message>
    <message>
        <source>Số CCCD người nhận thay</source>
        <translation>Citizen ID of the person receiving</translation>
    </message>
    <message>
        <source>Tình trạng khi giao</source>
        <translation>Condition at handover</translation>
    </message>
    <message>
        <source>Phụ kiện kèm theo</source>
        <translation>Accessories included</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Biên bản bàn giao ghi người nhận và người ký bên nhận theo các ô này; tình trạng và phụ kiện để trống thì in theo hồ sơ thiết bị.</source>
        <translation>The minutes name the receiver and the receiving signatory from these fields; an empty condition or accessories field prints the device record&apos;s.</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cha/mẹ/người giám hộ trong danh sách nhu cầu: {name}</source>
        <translation>Parent/guardian in the needs list: {name}</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <source>Khóa khôi phục</source>
        <translation>Recovery key</translation>
    </message>
    <message>
        <source>Dữ liệu của nhà trường được mã hóa. Khóa khôi phục dưới đây mở được dữ liệu và các bản sao lưu trên máy khác, hoặc khi tài khoản Windows của máy này bị mất. Hãy in phiếu (hoặc chép khóa ra giấy), cất trong tủ hồ sơ của nhà trường; không chụp ảnh, không gửi qua mạng.</source>
        <translation>The school&apos;s data is encrypted. The recovery key below opens the data and its backups on another PC, or when this PC&apos;s Windows account is lost. Print the sheet (or copy the key onto paper) and keep it in the school&apos;s filing cabinet; do not photograph it, do not send it over the network.</translation>
    </message>
    <message>
        <source>Tệp dữ liệu: {name}</source>
        <translation>Data file: {name}</translation>
    </message>
    <message>
        <source>In phiếu…</source>
        <translation>Print sheet…</translation>
    </message>
    <message>
        <source>Lưu PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Tôi đã in hoặc chép khóa và cất giữ an toàn</source>
        <translation>I have printed or copied the key and put it away safely</translation>
    </message>
    <message>
        <source>Tiếp tục</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Xem trước phiếu khóa khôi phục</source>
        <translation>Recovery key sheet preview</translation>
    </message>
    <message>
        <source>Đã gửi phiếu khóa khôi phục tới máy in.</source>
        <translation>The recovery key sheet was sent to the printer.</translation>
    </message>
    <message>
        <source>Lưu phiếu khóa khôi phục ra tệp PDF</source>
        <translation>Save the recovery key sheet as a PDF file</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Đã lưu phiếu vào {link}. In phiếu rồi xóa tệp này khỏi máy.</source>
        <translation>The sheet was saved to {link}. Print it, then delete this file from the PC.</translation>
    </message>
</context>
<context>
    <name>RefusedTableModel</name>
    <message>
        <source>Bản ghi</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Loại dữ liệu</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Thay đổi</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Lúc sửa</source>
        <translation>Changed at</translation>
    </message>
    <message>
        <source>Mã lỗi</source>
        <translation>Error code</translation>
    </message>
    <message>
        <source>Lý do máy chủ từ chối</source>
        <translation>Why the server refused it</translation>
    </message>
    <message>
        <source>Mã và tên học sinh, hoặc số serial của thiết bị</source>
        <translation>The student&apos;s code and name, or the device&apos;s serial number</translation>
    </message>
    <message>
        <source>Loại bản ghi bị từ chối</source>
        <translation>The kind of record refused</translation>
    </message>
    <message>
        <source>Việc đã làm trên máy này: thêm mới, sửa hay xóa</source>
        <translation>What was done on this computer: added, edited or deleted</translation>
    </message>
    <message>
        <source>Lúc thay đổi được ghi trên máy này</source>
        <translation>When the change was saved on this computer</translation>
    </message>
    <message>
        <source>Mã lỗi của máy chủ (báo mã này khi cần hỗ trợ)</source>
        <translation>The server&apos;s error code (quote it when asking for support)</translation>
    </message>
    <message>
        <source>Điều máy chủ yêu cầu sửa; sửa bản ghi rồi bấm “Gửi lại”</source>
        <translation>What the server asks to correct; correct the record, then click “Send again”</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Danh sách nhu cầu (mẫu 4.8.1)</source>
        <translation>Needs list (form 4.8.1)</translation>
    </message>
    <message>
        <source>Thiết bị tiếp nhận (mẫu 4.8.3)</source>
        <translation>Devices received (form 4.8.3)</translation>
    </message>
    <message>
        <source>Bàn giao (mẫu 4.8.3)</source>
        <translation>Handovers (form 4.8.3)</translation>
    </message>
    <message>
        <source>Báo cáo</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Thống kê nhu cầu hỗ trợ (mục 4.8.2)</source>
        <translation>Support needs statistics (section 4.8.2)</translation>
    </message>
    <message>
        <source>Xuất Excel mẫu 4.8.2…</source>
        <translation>Export form 4.8.2 to Excel…</translation>
    </message>
    <message>
        <source>Tiếp nhận theo nguồn và nhà tài trợ</source>
        <translation>Devices received by source and donor</translation>
    </message>
    <message>
        <source>Xuất Excel báo cáo nhà tài trợ…</source>
        <translation>Export the donor report to Excel…</translation>
    </message>
    <message>
        <source>Nguồn</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Nhà tài trợ</source>
        <translation>Donor</translation>
    </message>
    <message>
        <source>Số đợt</source>
        <translation>Batches</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Đã bàn giao</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>Xuất dữ liệu theo mẫu của Bộ</source>
        <translation>Export data in the Ministry&apos;s templates</translation>
    </message>
    <message>
        <source>Tệp xuất ra có thể tải lên CSDL ngành, hoặc nhập lại vào ứng dụng mà không thay đổi gì.</source>
        <translation>The exported files can be uploaded to the education sector database, or imported back into the application without changing anything.</translation>
    </message>
    <message numerus="yes">
        <source>{total} học sinh có nhu cầu, trong đó {programme} thuộc diện hỗ trợ của Chương trình (diện 1–3); diện khó khăn khác báo cáo riêng.</source>
        <translation>
            <numerusform>{total} student with needs; in the Programme&apos;s support categories (1–3): {programme}. Other hardship is reported separately.</numerusform>
            <numerusform>{total} students with needs; in the Programme&apos;s support categories (1–3): {programme}. Other hardship is reported separately.</numerusform>
        </translation>
    </message>
    <message>
        <source>Lưu tệp Excel</source>
        <translation>Save Excel file</translation>
    </message>
    <message>
        <source>Bảng tính Excel (*.xlsx)</source>
        <translation>Excel spreadsheet (*.xlsx)</translation>
    </message>
    <message>
        <source>Đang xuất thống kê 4.8.2…</source>
        <translation>Exporting the 4.8.2 statistics…</translation>
    </message>
    <message>
        <source>Đã lưu {path}</source>
        <translation>Saved {path}</translation>
    </message>
    <message>
        <source>Đang xuất báo cáo nhà tài trợ…</source>
        <translation>Exporting the donor report…</translation>
    </message>
    <message>
        <source>Đang xuất dữ liệu…</source>
        <translation>Exporting data…</translation>
    </message>
    <message numerus="yes">
        <source>Đã lưu {count} dòng vào {path}</source>
        <translation>
            <numerusform>Saved {count} row to {path}</numerusform>
            <numerusform>Saved {count} rows to {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>Đã xuất</source>
        <translation>Exported</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Kết quả</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Lưu báo cáo lỗi…</source>
        <translation>Save error report…</translation>
    </message>
    <message>
        <source>Nhập tệp khác</source>
        <translation>Import another file</translation>
    </message>
    <message>
        <source>Tệp {name}</source>
        <translation>File {name}</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Thu hồi thiết bị</source>
        <translation>Take back a device</translation>
    </message>
    <message>
        <source>Số serial/IMEI của thiết bị học sinh đang giữ</source>
        <translation>Serial/IMEI of a device a student holds</translation>
    </message>
    <message>
        <source>Số serial/IMEI</source>
        <translation>Serial/IMEI</translation>
    </message>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <source>Ngày thu hồi</source>
        <translation>Date returned</translation>
    </message>
    <message>
        <source>— Chọn —</source>
        <translation>— Choose —</translation>
    </message>
    <message>
        <source>Lý do thu hồi</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Người mang thiết bị trả lại</source>
        <translation>The person who brought the device back</translation>
    </message>
    <message>
        <source>Người trả</source>
        <translation>Returned by</translation>
    </message>
    <message>
        <source>Ví dụ: Màn hình vỡ, không lên nguồn</source>
        <translation>For example: broken screen, does not power on</translation>
    </message>
    <message>
        <source>Tình trạng khi thu hồi</source>
        <translation>Condition when returned</translation>
    </message>
    <message>
        <source>Bắt buộc với lý do khác</source>
        <translation>Required for the reason “other”</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Việc thu hồi được ghi thành một sự kiện mới; lượt bàn giao trước vẫn giữ trong lịch sử.</source>
        <translation>The return is recorded as a new event; the handover before it stays in the history.</translation>
    </message>
    <message>
        <source>Ghi nhận thu hồi</source>
        <translation>Record the return</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Đang ở học sinh {name} ({code}, lớp {class_name}) từ {day}.</source>
        <translation>Held by student {name} ({code}, class {class_name}) since {day}.</translation>
    </message>
    <message>
        <source>Thiết bị này đã được thu hồi ngày {day}; không có gì để thu hồi.</source>
        <translation>This device was taken back on {day}; there is nothing to take back.</translation>
    </message>
    <message>
        <source>Học sinh được ưu tiên nhận thiết bị thay thế; thiết bị hỏng không được đề xuất lại.</source>
        <translation>The student is served first for a replacement device; the faulty device is not proposed again.</translation>
    </message>
    <message>
        <source>Thiết bị bị mất không được đề xuất lại.</source>
        <translation>A lost device is not proposed again.</translation>
    </message>
    <message>
        <source>Thiết bị có thể giao cho học sinh khác; học sinh này được tính là đã hỗ trợ.</source>
        <translation>The device can go to another student; this student counts as supported.</translation>
    </message>
    <message>
        <source>Hãy ghi rõ lý do ở ô Ghi chú.</source>
        <translation>Write the reason in the Note field.</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Mã HS</source>
        <translation>Student code</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Đã tiêm</source>
        <translation>Doses so far</translation>
    </message>
    <message>
        <source>Mũi sẽ ghi</source>
        <translation>Dose to record</translation>
    </message>
    <message>
        <source>Đánh dấu học sinh đã được tiêm hôm nay</source>
        <translation>Tick the students vaccinated on the day</translation>
    </message>
    <message>
        <source>Mã học sinh</source>
        <translation>Student code</translation>
    </message>
    <message>
        <source>Số mũi đã ghi nhận</source>
        <translation>Doses recorded so far</translation>
    </message>
    <message>
        <source>Mũi tiếp theo của em, được ghi nhận với vắc-xin và ngày đã chọn</source>
        <translation>The student&apos;s next dose, recorded with the vaccine and date chosen</translation>
    </message>
    <message>
        <source>Mũi {dose}</source>
        <translation>Dose {dose}</translation>
    </message>
</context>
<context>
    <name>RowDialog</name>
    <message>
        <source>Dòng {row} trong trang tính “{sheet}”</source>
        <translation>Row {row} of sheet “{sheet}”</translation>
    </message>
    <message>
        <source>Dòng {row} trong tệp</source>
        <translation>Row {row} of the file</translation>
    </message>
    <message>
        <source>Ô</source>
        <translation>Cell</translation>
    </message>
    <message>
        <source>Cột</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Giá trị</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Vấn đề ở dòng này:</source>
        <translation>Problems in this row:</translation>
    </message>
</context>
<context>
    <name>SchoolPage</name>
    <message>
        <source>Thông tin trường</source>
        <translation>School information</translation>
    </message>
    <message>
        <source>Nhập thông tin trường trước khi bắt đầu. Các mục có dấu * là bắt buộc; có thể sửa lại sau trong mục Cài đặt.</source>
        <translation>Enter the school&apos;s details before you start. Fields marked * are required; you can change them later in Settings.</translation>
    </message>
    <message>
        <source>Ví dụ: Trường THCS Ea Tu</source>
        <translation>Example: Ea Tu Lower Secondary School</translation>
    </message>
    <message>
        <source>Mã trường trên CSDL ngành</source>
        <translation>The school&apos;s code in the education sector database</translation>
    </message>
    <message>
        <source>— Chọn cấp học —</source>
        <translation>— Choose the school level —</translation>
    </message>
    <message>
        <source>Tên trường *</source>
        <translation>School name *</translation>
    </message>
    <message>
        <source>Mã trường *</source>
        <translation>School code *</translation>
    </message>
    <message>
        <source>Cấp học *</source>
        <translation>School level *</translation>
    </message>
    <message>
        <source>Hãy nhập tên trường.</source>
        <translation>Please enter the school name.</translation>
    </message>
    <message>
        <source>Hãy nhập mã trường.</source>
        <translation>Please enter the school code.</translation>
    </message>
    <message>
        <source>Hãy chọn cấp học.</source>
        <translation>Please choose the school level.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Tên trường</source>
        <translation>School name</translation>
    </message>
    <message>
        <source>Mã trường</source>
        <translation>School code</translation>
    </message>
    <message>
        <source>Cấp học</source>
        <translation>School level</translation>
    </message>
    <message>
        <source>Xã/phường</source>
        <translation>Commune/ward</translation>
    </message>
    <message>
        <source>Quận/huyện</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Tỉnh/thành phố</source>
        <translation>Province/city</translation>
    </message>
    <message>
        <source>Hiệu trưởng</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Cán bộ phụ trách</source>
        <translation>Staff member in charge</translation>
    </message>
    <message>
        <source>Cơ quan chủ quản</source>
        <translation>Parent agency</translation>
    </message>
    <message>
        <source>Nhu cầu chưa duyệt</source>
        <translation>Unapproved needs</translation>
    </message>
    <message>
        <source>Ký biên bản bàn giao</source>
        <translation>Signs the handover minutes</translation>
    </message>
    <message>
        <source>Hiệu trưởng (khi lần bàn giao không ghi người giao)</source>
        <translation>The principal (when a handover names nobody)</translation>
    </message>
    <message>
        <source>Cán bộ phụ trách (khi lần bàn giao không ghi người giao)</source>
        <translation>The clerk in charge (when a handover names nobody)</translation>
    </message>
    <message>
        <source>Cài đặt</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Hồ sơ trường, ngôn ngữ giao diện, nơi lưu dữ liệu và phiên bản ứng dụng.</source>
        <translation>School profile, interface language, where the data is kept and the application version.</translation>
    </message>
    <message>
        <source>Hồ sơ trường</source>
        <translation>School profile</translation>
    </message>
    <message>
        <source>Sửa hồ sơ trường…</source>
        <translation>Edit school profile…</translation>
    </message>
    <message>
        <source>Hồ sơ trường chưa đủ: cần tên trường, mã trường và cấp học. Bấm “Sửa hồ sơ trường…” để nhập.</source>
        <translation>The school profile is incomplete: the school name, code and level are needed. Click “Edit school profile…” to enter them.</translation>
    </message>
    <message>
        <source>Người dùng và nhật ký</source>
        <translation>Users and journal</translation>
    </message>
    <message>
        <source> phút</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Tắt</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Tự khóa khi không dùng sau</source>
        <translation>Lock when idle for</translation>
    </message>
    <message>
        <source>Quản lý người dùng…</source>
        <translation>Manage users…</translation>
    </message>
    <message>
        <source>Nhật ký truy cập…</source>
        <translation>Access trail…</translation>
    </message>
    <message>
        <source>Người dùng: {names}</source>
        <translation>Users: {names}</translation>
    </message>
    <message>
        <source>Chưa có người dùng: nhật ký ghi tên đăng nhập Windows.</source>
        <translation>No users yet: the journal records the Windows login name.</translation>
    </message>
    <message>
        <source>Ngôn ngữ giao diện</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>Ngôn ngữ mới có hiệu lực sau khi khởi động lại ứng dụng.</source>
        <translation>The new language takes effect after the application restarts.</translation>
    </message>
    <message>
        <source>Khởi động lại ngay</source>
        <translation>Restart now</translation>
    </message>
    <message>
        <source>Dữ liệu</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Tệp dữ liệu</source>
        <translation>Data file</translation>
    </message>
    <message>
        <source>Mở thư mục dữ liệu</source>
        <translation>Open data folder</translation>
    </message>
    <message>
        <source>Thư mục nhật ký</source>
        <translation>Log folder</translation>
    </message>
    <message>
        <source>Mở thư mục nhật ký</source>
        <translation>Open log folder</translation>
    </message>
    <message>
        <source>Thư mục của ứng dụng</source>
        <translation>Application folder</translation>
    </message>
    <message>
        <source>Mở thư mục ứng dụng</source>
        <translation>Open application folder</translation>
    </message>
    <message>
        <source>Sao lưu</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Tự động mỗi ngày và trước mỗi lần nhập tệp; khôi phục khi cần.</source>
        <translation>Automatic every day and before each import; restore when needed.</translation>
    </message>
    <message>
        <source>Sao lưu và khôi phục…</source>
        <translation>Backup and restore…</translation>
    </message>
    <message>
        <source>Kết thúc chương trình</source>
        <translation>End of programme</translation>
    </message>
    <message>
        <source>Xóa dữ liệu cá nhân của học sinh, giữ số liệu ẩn danh.</source>
        <translation>Erase students&apos; personal data, keep anonymous figures.</translation>
    </message>
    <message>
        <source>Xóa dữ liệu cá nhân…</source>
        <translation>Erase personal data…</translation>
    </message>
    <message>
        <source>Khóa khôi phục</source>
        <translation>Recovery key</translation>
    </message>
    <message>
        <source>Mở được dữ liệu trên máy khác hoặc khi mất tài khoản Windows.</source>
        <translation>Opens the data on another PC or when the Windows account is lost.</translation>
    </message>
    <message>
        <source>Khóa khôi phục…</source>
        <translation>Recovery key…</translation>
    </message>
    <message>
        <source>Tệp dữ liệu phải nằm trên ổ đĩa của chính máy này: ứng dụng không mở tệp trong thư mục dùng chung qua mạng hay trên ổ USB, vì mất mạng hoặc rút ổ giữa lúc ghi sẽ làm hỏng dữ liệu. Muốn đặt tệp ở ổ khác của máy (ví dụ ổ D:): chạy ứng dụng với tùy chọn {option} hoặc đặt biến môi trường {variable} là đường dẫn của tệp. Muốn mang dữ liệu sang máy khác: dùng “Sao lưu và khôi phục…” (bản sao mã hoá ghi được ra ổ USB).</source>
        <translation>The data file must be on this computer&apos;s own disk: the application does not open a file in a folder shared over the network or on a USB drive, because losing the network or pulling the drive out during a write damages the data. To keep the file on another disk of this computer (for example drive D:), start the application with the {option} option or set the {variable} environment variable to the file&apos;s path. To take the data to another computer, use “Backup and restore…” (the encrypted copy can be written to a USB drive).</translation>
    </message>
    <message>
        <source>Về ứng dụng</source>
        <translation>About the application</translation>
    </message>
    <message>
        <source>Sóng và máy tính cho em</source>
        <translation>Waves and Computers for Children</translation>
    </message>
    <message>
        <source>Ứng dụng</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Phiên bản</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Thành phần</source>
        <translation>Components</translation>
    </message>
    <message>
        <source>Ứng dụng của nhà trường: ghi nhận nhu cầu thiết bị học tập của học sinh, tiếp nhận thiết bị tài trợ và bàn giao. Dữ liệu được lưu trên máy này và gửi lên CSDL ngành khi có mạng.</source>
        <translation>The school&apos;s application: records students&apos; needs for learning devices, the donated devices received and their handover. The data is kept on this computer and sent to the education sector database when a connection is available.</translation>
    </message>
    <message>
        <source>{agency} (tự động)</source>
        <translation>{agency} (automatic)</translation>
    </message>
    <message>
        <source>Khóa khôi phục mở được toàn bộ dữ liệu của nhà trường. Chỉ hiện khóa khi không có người khác nhìn màn hình, và chỉ in phiếu để cất vào tủ hồ sơ.

Hiện khóa khôi phục?</source>
        <translation>The recovery key opens all of the school&apos;s data. Show it only when nobody else can see the screen, and print the sheet only to keep it in the filing cabinet.

Show the recovery key?</translation>
    </message>
    <message>
        <source>Hiện khóa</source>
        <translation>Show key</translation>
    </message>
    <message>
        <source>Không mở được thư mục</source>
        <translation>Cannot open the folder</translation>
    </message>
    <message>
        <source>Không mở được thư mục {folder}.</source>
        <translation>The folder {folder} could not be opened.</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Không khởi động lại được</source>
        <translation>Cannot restart</translation>
    </message>
    <message>
        <source>Không tự khởi động lại được ứng dụng. Hãy đóng ứng dụng rồi mở lại để dùng ngôn ngữ mới.</source>
        <translation>The application could not restart itself. Please close it and open it again to use the new language.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Tiểu học (TH)</source>
        <translation>Primary (TH)</translation>
    </message>
    <message>
        <source>Trung học cơ sở (THCS)</source>
        <translation>Lower secondary (THCS)</translation>
    </message>
    <message>
        <source>Trung học phổ thông (THPT)</source>
        <translation>Upper secondary (THPT)</translation>
    </message>
    <message>
        <source>Liên cấp</source>
        <translation>Multi-level</translation>
    </message>
    <message>
        <source>Cảnh báo nhưng vẫn cho bàn giao</source>
        <translation>Warn, but allow the handover</translation>
    </message>
    <message>
        <source>Không cho bàn giao</source>
        <translation>Do not allow the handover</translation>
    </message>
    <message>
        <source>Để trống: {line}</source>
        <translation>If left empty: {line}</translation>
    </message>
    <message>
        <source>Ví dụ: PHÒNG GD&amp;ĐT TP. BUÔN MA THUỘT</source>
        <translation>For example: PHÒNG GD&amp;ĐT TP. BUÔN MA THUỘT</translation>
    </message>
    <message>
        <source>Thiết lập hồ sơ trường</source>
        <translation>Set up the school profile</translation>
    </message>
    <message>
        <source>&lt; Quay lại</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>Tiếp theo &gt;</source>
        <translation>Next &gt;</translation>
    </message>
    <message>
        <source>Hoàn tất</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Thoát chương trình</source>
        <translation>Quit the program</translation>
    </message>
    <message>
        <source>Thoát mà chưa thiết lập trường?</source>
        <translation>Quit without setting up the school?</translation>
    </message>
    <message>
        <source>Chương trình cần tên, mã và cấp học của trường để dùng được. Thông tin đã nhập sẽ không được lưu; lần mở sau sẽ hỏi lại.</source>
        <translation>The program needs the school&apos;s name, code and level to work. What you typed is not saved; it will be asked again next time.</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Tiếp tục thiết lập</source>
        <translation>Continue setting up</translation>
    </message>
</context>
<context>
    <name>SkippedTableModel</name>
    <message>
        <source>Mã HS</source>
        <translation>Student code</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Lớp</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Diện</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Loại đề nghị</source>
        <translation>Requested type</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Mã học sinh (nhấp đúp để xem lịch sử bàn giao)</source>
        <translation>Student code (double-click to see the handover history)</translation>
    </message>
    <message>
        <source>Họ và tên học sinh</source>
        <translation>Student&apos;s full name</translation>
    </message>
    <message>
        <source>Diện đối tượng</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Loại thiết bị học sinh đề nghị</source>
        <translation>Device type the student asked for</translation>
    </message>
    <message>
        <source>Vì sao học sinh chưa được đề xuất</source>
        <translation>Why the student is not proposed</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>Người dùng máy này</source>
        <translation>Users of this PC</translation>
    </message>
    <message>
        <source>Mỗi lần mở chương trình sẽ hỏi ai đang làm việc; tên đó được ghi vào nhật ký thay đổi và nhật ký truy cập. Mã PIN (4–12 chữ số) không bắt buộc.</source>
        <translation>Each time the application opens it asks who is working; that name is written in the journal of changes and the access trail. A PIN (4–12 digits) is optional.</translation>
    </message>
    <message>
        <source>Không bắt buộc</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Thêm vào danh sách</source>
        <translation>Add to the list</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Mã PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>có mã PIN</source>
        <translation>has a PIN</translation>
    </message>
    <message>
        <source>Vui lòng thêm ít nhất một người dùng.</source>
        <translation>Please add at least one user.</translation>
    </message>
</context>
<context>
    <name>StudentDialog</name>
    <message>
        <source>Sửa thông tin học sinh — {name}</source>
        <translation>Edit student — {name}</translation>
    </message>
    <message>
        <source>Thêm học sinh</source>
        <translation>Add student</translation>
    </message>
    <message>
        <source>Thông tin học sinh</source>
        <translation>Student details</translation>
    </message>
    <message>
        <source>Nhu cầu hỗ trợ thiết bị</source>
        <translation>Device support need</translation>
    </message>
    <message>
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Thông tin và nhu cầu</source>
        <translation>Details and need</translation>
    </message>
    <message>
        <source>Tiêm vắc-xin</source>
        <translation>Vaccinations</translation>
    </message>
    <message>
        <source>Đồng ý của CMHS</source>
        <translation>Parent&apos;s consent</translation>
    </message>
    <message>
        <source>Ghi nhận</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Rút lại</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>Ngày đồng ý</source>
        <translation>Consent date</translation>
    </message>
    <message>
        <source>Hình thức</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Số phiếu</source>
        <translation>Form number</translation>
    </message>
    <message>
        <source>Đã ghi nhận đồng ý ngày {date} (người ghi: {who}).</source>
        <translation>Consent recorded on {date} (recorded by {who}).</translation>
    </message>
    <message>
        <source>Chưa có đồng ý của cha mẹ/người giám hộ: dữ liệu cá nhân của em chưa được gửi đi.</source>
        <translation>No parent&apos;s consent yet: the student&apos;s personal data is not sent.</translation>
    </message>
    <message>
        <source>&quot;{value}&quot; không phải là ngày hợp lệ. Hãy nhập ngày/tháng/năm, ví dụ 15/09/2025.</source>
        <translation>&quot;{value}&quot; is not a valid date. Type day/month/year, e.g. 15/09/2025.</translation>
    </message>
    <message>
        <source>Cha mẹ/người giám hộ rút lại đồng ý? Ngày, hình thức và số phiếu sẽ bị xóa; nhật ký vẫn giữ lịch sử.</source>
        <translation>Did the parent withdraw consent? The date, method and form number will be cleared; the journal keeps the history.</translation>
    </message>
    <message>
        <source>Rút lại đồng ý</source>
        <translation>Withdraw consent</translation>
    </message>
    <message>
        <source>Phòng GD&amp;ĐT đã trả lại nhu cầu này</source>
        <translation>The district office returned this need</translation>
    </message>
    <message>
        <source>Sửa theo góp ý rồi lưu: nhu cầu sẽ được gửi lại.</source>
        <translation>Correct as the comment asks, then save: the need will be sent again.</translation>
    </message>
    <message>
        <source>Phòng không ghi ý kiến; hãy liên hệ Phòng GD&amp;ĐT nếu chưa rõ cần sửa gì.</source>
        <translation>The district office left no comment; contact them if it is not clear what to correct.</translation>
    </message>
    <message>
        <source>Phòng GD&amp;ĐT trả lại nhu cầu này ngày {date}</source>
        <translation>The district office returned this need on {date}</translation>
    </message>
    <message>
        <source>Ý kiến của Phòng: {comment}</source>
        <translation>The district office&apos;s comment: {comment}</translation>
    </message>
</context>
<context>
    <name>StudentTableModel</name>
    <message>
        <source>Mã HS</source>
        <translation>Student ID</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Giới tính</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>Lớp</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Diện</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Thiết bị đề nghị</source>
        <translation>Device requested</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Đồng ý CMHS</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>Trạng thái nhu cầu: đề xuất → Phòng GD&amp;ĐT duyệt → đã cấp thiết bị</source>
        <translation>Status of the need: proposed → approved by the district education office → device provided</translation>
    </message>
    <message>
        <source>Cha mẹ/người giám hộ đã đồng ý cho nhà trường xử lý dữ liệu cá nhân của em chưa</source>
        <translation>Whether the parent has consented to the school processing the student&apos;s personal data</translation>
    </message>
    <message>
        <source>Học sinh này vừa bị xóa. Nhấn F5 để tải lại danh sách.</source>
        <translation>This student has just been deleted. Press F5 to reload the list.</translation>
    </message>
    <message>
        <source>Đã đồng ý</source>
        <translation>Given</translation>
    </message>
    <message>
        <source>Chưa có</source>
        <translation>None</translation>
    </message>
</context>
<context>
    <name>StudentsPage</name>
    <message>
        <source>Học sinh &amp; nhu cầu</source>
        <translation>Students &amp; needs</translation>
    </message>
    <message>
        <source>Tìm theo tên, mã hoặc lớp (gõ không dấu cũng được)</source>
        <translation>Search by name, ID or class (accents optional)</translation>
    </message>
    <message>
        <source>Lọc theo lớp</source>
        <translation>Filter by class</translation>
    </message>
    <message>
        <source>Lọc theo diện đối tượng</source>
        <translation>Filter by priority category</translation>
    </message>
    <message>
        <source>Tất cả các diện</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>Lọc theo trạng thái nhu cầu</source>
        <translation>Filter by status of the need</translation>
    </message>
    <message>
        <source>Tất cả trạng thái</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Chỉ hiện học sinh có nhu cầu bị Phòng GD&amp;ĐT trả lại: mở từng em, sửa theo ý kiến của Phòng rồi lưu để gửi lại</source>
        <translation>Show only the students whose need the district office returned: open each one, correct as the district office asks and save to send it again</translation>
    </message>
    <message>
        <source>Chỉ hiện dòng có vấn đề</source>
        <translation>Only rows with problems</translation>
    </message>
    <message>
        <source>Nhu cầu bị Phòng GD&amp;ĐT trả lại, hoặc diện hộ nghèo/cận nghèo thiếu số giấy chứng nhận</source>
        <translation>Needs returned by the district education office, or poor/near-poor households without a certificate number</translation>
    </message>
    <message>
        <source>Chưa có đồng ý</source>
        <translation>No consent</translation>
    </message>
    <message>
        <source>Chỉ hiện học sinh chưa ghi nhận đồng ý của cha mẹ/người giám hộ</source>
        <translation>Show only students without a recorded parent&apos;s consent</translation>
    </message>
    <message>
        <source>Thêm</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Thêm học sinh (Ctrl+N)</source>
        <translation>Add a student (Ctrl+N)</translation>
    </message>
    <message>
        <source>Sửa</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Sửa học sinh đang chọn (Enter hoặc nhấp đúp)</source>
        <translation>Edit the selected student (Enter or double-click)</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Xóa học sinh đang chọn (Delete)</source>
        <translation>Delete the selected student (Delete)</translation>
    </message>
    <message>
        <source>Nhập từ Excel…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <source>Nhập danh sách học sinh và nhu cầu từ tệp Excel theo mẫu (Ctrl+I)</source>
        <translation>Import students and their needs from an Excel file in the template&apos;s form (Ctrl+I)</translation>
    </message>
    <message>
        <source>In phiếu đồng ý…</source>
        <translation>Print consent forms…</translation>
    </message>
    <message>
        <source>In phiếu đồng ý xử lý dữ liệu cá nhân cho cha mẹ ký: cả lớp đang lọc, hoặc học sinh đang chọn (mỗi em một trang)</source>
        <translation>Print the personal-data consent form for parents to sign: the class chosen in the filter, or the selected student (one page each)</translation>
    </message>
    <message>
        <source>Thêm học sinh</source>
        <translation>Add student</translation>
    </message>
    <message>
        <source>Hãy chọn một lớp ở bộ lọc lớp, hoặc chọn một học sinh.</source>
        <translation>Choose a class in the class filter, or select a student.</translation>
    </message>
    <message numerus="yes">
        <source>Đã in {count} phiếu đồng ý.</source>
        <translation>
            <numerusform>{count} consent form printed.</numerusform>
            <numerusform>{count} consent forms printed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Xóa học sinh {name} (mã {code}, lớp {class_name}) và nhu cầu hỗ trợ của em?

Việc xóa được ghi lại trong nhật ký và gửi lên CSDL ngành khi đồng bộ.</source>
        <translation>Delete the student {name} (ID {code}, class {class_name}) and their support need?

The deletion is recorded in the log and sent to the education sector database when syncing.</translation>
    </message>
    <message>
        <source>Xóa học sinh</source>
        <translation>Delete student</translation>
    </message>
    <message>
        <source>Đã xóa học sinh {name}.</source>
        <translation>Student {name} deleted.</translation>
    </message>
    <message>
        <source>Đã lưu. Học sinh này không hiện trong danh sách vì không khớp bộ lọc đang chọn.</source>
        <translation>Saved. This student is not shown in the list because they do not match the selected filters.</translation>
    </message>
    <message>
        <source>Đã lưu học sinh {name}.</source>
        <translation>Student {name} saved.</translation>
    </message>
    <message numerus="yes">
        <source>Bị trả lại ({count})</source>
        <translation>
            <numerusform>Returned ({count})</numerusform>
            <numerusform>Returned ({count})</numerusform>
        </translation>
    </message>
    <message>
        <source>Tất cả các lớp</source>
        <translation>All classes</translation>
    </message>
    <message>
        <source>Lớp {name}</source>
        <translation>Class {name}</translation>
    </message>
    <message>
        <source>Đã đồng ý</source>
        <translation>Given</translation>
    </message>
    <message>
        <source>Chưa có</source>
        <translation>None</translation>
    </message>
    <message>
        <source>… học sinh</source>
        <translation>… students</translation>
    </message>
    <message numerus="yes">
        <source>{count} học sinh</source>
        <translation>
            <numerusform>{count} student</numerusform>
            <numerusform>{count} students</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Tên trường</source>
        <translation>School name</translation>
    </message>
    <message>
        <source>Mã trường</source>
        <translation>School code</translation>
    </message>
    <message>
        <source>Cấp học</source>
        <translation>School level</translation>
    </message>
    <message>
        <source>Xã/phường</source>
        <translation>Commune/ward</translation>
    </message>
    <message>
        <source>Quận/huyện</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Tỉnh/thành phố</source>
        <translation>Province/city</translation>
    </message>
    <message>
        <source>Hiệu trưởng</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Cán bộ phụ trách</source>
        <translation>Staff member in charge</translation>
    </message>
    <message>
        <source>Người ký biên bản bàn giao</source>
        <translation>Signs the handover minutes</translation>
    </message>
    <message>
        <source>Cơ quan chủ quản</source>
        <translation>Parent agency</translation>
    </message>
    <message>
        <source>Nhu cầu chưa được Phòng duyệt</source>
        <translation>Needs not yet approved by the district</translation>
    </message>
    <message>
        <source>Kiểm tra lại trước khi lưu</source>
        <translation>Check before saving</translation>
    </message>
    <message>
        <source>Đây là thông tin sẽ được lưu. Bấm “Quay lại” để sửa, hoặc “Hoàn tất” để lưu.</source>
        <translation>This is what will be saved. Press “Back” to change it, or “Finish” to save it.</translation>
    </message>
    <message>
        <source>(chưa nhập)</source>
        <translation>(not entered)</translation>
    </message>
    <message>
        <source>{agency} (tự động)</source>
        <translation>{agency} (automatic)</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Đã đăng nhập</source>
        <translation>Signed in</translation>
    </message>
    <message>
        <source>Chưa có mật khẩu đồng bộ trên máy này (kho mật khẩu của hệ điều hành không còn giữ nó). Hãy đăng nhập lại.</source>
        <translation>There is no sync password on this computer (the operating system&apos;s password store no longer holds it). Sign in again.</translation>
    </message>
    <message>
        <source>Đồng bộ chưa xong</source>
        <translation>Sync not finished</translation>
    </message>
</context>
<context>
    <name>SyncModels</name>
    <message>
        <source>Hồ sơ trường</source>
        <translation>School profile</translation>
    </message>
    <message>
        <source>Học sinh</source>
        <translation>Student</translation>
    </message>
    <message>
        <source>Nhu cầu thiết bị</source>
        <translation>Device need</translation>
    </message>
    <message>
        <source>Nhà tài trợ</source>
        <translation>Donor</translation>
    </message>
    <message>
        <source>Đợt tiếp nhận</source>
        <translation>Donation batch</translation>
    </message>
    <message>
        <source>Thiết bị</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Bàn giao/thu hồi</source>
        <translation>Handover/return</translation>
    </message>
    <message>
        <source>Tiêm vắc-xin</source>
        <translation>Vaccinations</translation>
    </message>
    <message>
        <source>Xóa dữ liệu cá nhân học sinh</source>
        <translation>Student personal data erased</translation>
    </message>
    <message>
        <source>Thêm mới</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>Sửa</source>
        <translation>Edited</translation>
    </message>
    <message>
        <source>Xóa</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>Đã duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Trả lại</source>
        <translation>Returned</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Gửi các thay đổi của nhà trường lên máy chủ của Phòng/Sở GD&amp;ĐT và nhận kết quả duyệt. Mọi thay đổi được lưu trên máy này trước; khi chưa có mạng, chúng chờ và được gửi ở lần đồng bộ sau.</source>
        <translation>Send the school&apos;s changes to the education office&apos;s server and receive its review decisions. Every change is saved on this computer first; without a network it waits and is sent at the next sync.</translation>
    </message>
    <message>
        <source>Thay đổi chờ gửi</source>
        <translation>Changes waiting</translation>
    </message>
    <message>
        <source>Đã gửi lên máy chủ</source>
        <translation>Sent to the server</translation>
    </message>
    <message>
        <source>Bị máy chủ từ chối</source>
        <translation>Refused by the server</translation>
    </message>
    <message>
        <source>Máy này không có kho mật khẩu an toàn của hệ điều hành: mật khẩu được hỏi mỗi lần đồng bộ, nên chương trình không tự đồng bộ được.</source>
        <translation>This computer has no secure password store of the operating system: the password is asked at each sync, so the program cannot sync by itself.</translation>
    </message>
    <message>
        <source>Đang kiểm tra kết nối tới máy chủ đồng bộ…</source>
        <translation>Checking the connection to the sync server…</translation>
    </message>
    <message>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Gửi các thay đổi đang chờ và nhận kết quả duyệt của Phòng (F9)</source>
        <translation>Send the waiting changes and receive the district office&apos;s review decisions (F9)</translation>
    </message>
    <message>
        <source>Xuất gói dữ liệu (USB)…</source>
        <translation>Export data package (USB)…</translation>
    </message>
    <message>
        <source>Khi không có mạng: ghi các thay đổi đang chờ ra một tệp để chép vào USB, mang đến Phòng GD&amp;ĐT</source>
        <translation>Without a network: write the waiting changes to a file to copy onto a USB stick and take to the district office</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Dừng sau yêu cầu đang gửi; những gì chưa gửi xong vẫn chờ lần sau</source>
        <translation>Stop after the request being sent; whatever was not sent waits for the next sync</translation>
    </message>
    <message>
        <source>Tài khoản đồng bộ</source>
        <translation>Sync account</translation>
    </message>
    <message>
        <source>Máy chủ</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Mã trường</source>
        <translation>School code</translation>
    </message>
    <message>
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Mật khẩu</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Tự đồng bộ khi có mạng trở lại</source>
        <translation>Sync by itself when the network returns</translation>
    </message>
    <message>
        <source>Khi máy chủ trả lời lại sau lúc mất mạng, tự gửi các thay đổi đang chờ (kiểm tra khoảng mỗi phút)</source>
        <translation>When the server answers again after the network was down, send the waiting changes automatically (checked about every minute)</translation>
    </message>
    <message>
        <source>Chưa kết nối được máy chủ đồng bộ. Các thay đổi vẫn chờ; khi có mạng trở lại, chương trình tự đồng bộ.</source>
        <translation>The sync server cannot be reached. Changes keep waiting; when the network returns, the program syncs by itself.</translation>
    </message>
    <message>
        <source>Chưa kết nối được máy chủ đồng bộ. Các thay đổi vẫn chờ; khi có mạng trở lại, bấm “Đồng bộ ngay”.</source>
        <translation>The sync server cannot be reached. Changes keep waiting; when the network returns, press “Sync now”.</translation>
    </message>
    <message>
        <source>Nhu cầu thiết bị</source>
        <translation>Device need</translation>
    </message>
    <message>
        <source>Thêm mới</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>Mở bản ghi</source>
        <translation>Open record</translation>
    </message>
    <message>
        <source>Mở học sinh, thiết bị… của dòng đang chọn để sửa (Enter hoặc nhấp đúp)</source>
        <translation>Open the student, device… of the selected row to correct it (Enter or double-click)</translation>
    </message>
    <message>
        <source>Gửi lại</source>
        <translation>Send again</translation>
    </message>
    <message>
        <source>Đưa các dòng đang chọn trở lại hàng chờ rồi đồng bộ ngay (chọn nhiều dòng bằng Ctrl hoặc Shift, tất cả bằng Ctrl+A)</source>
        <translation>Put the selected rows back in the queue and sync now (select several rows with Ctrl or Shift, all with Ctrl+A)</translation>
    </message>
    <message>
        <source>Máy chủ không nhận các thay đổi dưới đây; các thay đổi khác vẫn được gửi bình thường. Mở bản ghi, sửa theo lý do, rồi bấm “Gửi lại”.</source>
        <translation>The server did not accept the changes below; the other changes are sent as usual. Open the record, correct it as the reason says, then click “Send again”.</translation>
    </message>
    <message>
        <source>Đã duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Trả lại</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Mở học sinh</source>
        <translation>Open student</translation>
    </message>
    <message>
        <source>Mở học sinh của dòng đang chọn để sửa theo ý kiến (Enter hoặc nhấp đúp)</source>
        <translation>Open the student of the selected row to correct it as commented (Enter or double-click)</translation>
    </message>
    <message>
        <source>Kết quả duyệt nhu cầu của Phòng GD&amp;ĐT, nhận về ở mỗi lần đồng bộ (mới nhất ở trên). Nhu cầu bị trả lại được đánh dấu trên trang Học sinh &amp; nhu cầu: sửa theo ý kiến rồi đồng bộ lại.</source>
        <translation>The district office&apos;s decisions on the needs, received at each sync (newest first). Returned needs are marked on the Students &amp; needs page: correct them as commented, then sync again.</translation>
    </message>
    <message>
        <source>Thay đổi bị từ chối ({count})</source>
        <translation>Refused changes ({count})</translation>
    </message>
    <message>
        <source>Kết quả duyệt nhận về ({count})</source>
        <translation>Review decisions received ({count})</translation>
    </message>
    <message numerus="yes">
        <source>{count} thay đổi</source>
        <translation>
            <numerusform>{count} change</numerusform>
            <numerusform>{count} changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} kết quả · {returned} trả lại</source>
        <translation>
            <numerusform>{count} decision · {returned} returned</numerusform>
            <numerusform>{count} decisions · {returned} returned</numerusform>
        </translation>
    </message>
    <message>
        <source>Chưa đồng bộ lần nào</source>
        <translation>Never synced yet</translation>
    </message>
    <message>
        <source>Bấm “Đồng bộ ngay” khi máy có mạng để gửi dữ liệu lên Phòng GD&amp;ĐT.</source>
        <translation>Click “Sync now” when this computer has a network to send the data to the district office.</translation>
    </message>
    <message>
        <source>Lần đồng bộ gần nhất: {time}</source>
        <translation>Last sync: {time}</translation>
    </message>
    <message>
        <source>Lần đồng bộ thành công gần nhất: {time}.</source>
        <translation>Last successful sync: {time}.</translation>
    </message>
    <message>
        <source>Thành công: không có thay đổi mới để gửi, không có kết quả duyệt mới.</source>
        <translation>Succeeded: no new changes to send, no new review decisions.</translation>
    </message>
    <message>
        <source>Thành công: đã gửi {sent} thay đổi (máy chủ nhận {accepted}, đã có từ trước {duplicates}, từ chối {rejected}); nhận {decisions} kết quả duyệt.</source>
        <translation>Succeeded. Changes sent: {sent} ({accepted} accepted, {duplicates} already there, {rejected} refused); review decisions received: {decisions}.</translation>
    </message>
    <message>
        <source>Chưa đăng nhập</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <source>Đăng nhập…</source>
        <translation>Sign in…</translation>
    </message>
    <message>
        <source>Đổi tài khoản…</source>
        <translation>Change account…</translation>
    </message>
    <message>
        <source>Địa chỉ máy chủ, mã trường, tên đăng nhập và mật khẩu do Phòng GD&amp;ĐT cấp</source>
        <translation>The server address, school code, user name and password given by the district office</translation>
    </message>
    <message>
        <source>Lưu trong kho mật khẩu của hệ điều hành</source>
        <translation>Kept in the operating system&apos;s password store</translation>
    </message>
    <message>
        <source>Hỏi mỗi lần đồng bộ (máy này không có kho mật khẩu an toàn)</source>
        <translation>Asked at each sync (this computer has no secure password store)</translation>
    </message>
    <message>
        <source>Chưa có tài khoản đồng bộ: bấm “Đăng nhập…” và nhập tài khoản Phòng GD&amp;ĐT cấp.</source>
        <translation>No sync account yet: click “Sign in…” and enter the account the district office gave you.</translation>
    </message>
    <message>
        <source>Máy chủ đồng bộ đang trả lời.</source>
        <translation>The sync server is answering.</translation>
    </message>
    <message>
        <source>Đang hủy…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Tự đồng bộ khi có mạng trở lại…</source>
        <translation>Syncing by itself now that the network is back…</translation>
    </message>
    <message>
        <source>Đang kết nối…</source>
        <translation>Connecting…</translation>
    </message>
    <message numerus="yes">
        <source>Đã đưa {count} thay đổi trở lại hàng chờ gửi.</source>
        <translation>
            <numerusform>{count} change put back in the queue.</numerusform>
            <numerusform>{count} changes put back in the queue.</numerusform>
        </translation>
    </message>
    <message>
        <source>Bản ghi này đã bị xóa trên máy này nên không mở được. Bấm “Gửi lại” để gửi lệnh xóa một lần nữa.</source>
        <translation>This record was deleted on this computer, so it cannot be opened. Click “Send again” to send the deletion once more.</translation>
    </message>
    <message>
        <source>Học sinh mã {code} không có trên máy này.</source>
        <translation>The student with code {code} is not on this computer.</translation>
    </message>
    <message>
        <source>Không tìm thấy học sinh này trên máy; có thể đã bị xóa.</source>
        <translation>This student is not on this computer; they may have been deleted.</translation>
    </message>
    <message>
        <source>Xuất gói dữ liệu</source>
        <translation>Export data package</translation>
    </message>
    <message>
        <source>Không có thay đổi nào chờ gửi, nên không cần xuất gói dữ liệu.</source>
        <translation>No changes are waiting, so there is nothing to export.</translation>
    </message>
    <message>
        <source>Chưa có mã trường: hãy ghi mã trường trong Cài đặt → Hồ sơ trường.</source>
        <translation>No school code yet: enter it under Settings → School profile.</translation>
    </message>
    <message>
        <source>Gói dữ liệu đồng bộ (*.zip)</source>
        <translation>Sync data package (*.zip)</translation>
    </message>
    <message>
        <source>Đang xuất gói dữ liệu…</source>
        <translation>Exporting the data package…</translation>
    </message>
    <message>
        <source>Đã xuất gói dữ liệu</source>
        <translation>Data package exported</translation>
    </message>
    <message numerus="yes">
        <source>Đã ghi {changes} thay đổi vào tệp:
{path}

Chép tệp này vào USB và mang đến Phòng GD&amp;ĐT; cán bộ Phòng nhập tệp vào máy chủ đồng bộ. Nhập cùng một tệp nhiều lần cũng không bị trùng.

Các thay đổi vẫn ở trạng thái chờ gửi: khi có mạng, lần đồng bộ sau gửi lại và máy chủ nhận ra những gì đã có, không ghi trùng.</source>
        <translation>
            <numerusform>{changes} change written to the file:
{path}

Copy this file onto a USB stick and take it to the district office; its staff import it into the sync server. Importing the same file more than once creates no duplicates.

The changes still count as waiting: when there is a network, the next sync sends them again and the server recognises what it already has, without duplicating it.</numerusform>
            <numerusform>{changes} changes written to the file:
{path}

Copy this file onto a USB stick and take it to the district office; its staff import it into the sync server. Importing the same file more than once creates no duplicates.

The changes still count as waiting: when there is a network, the next sync sends them again and the server recognises what it already has, without duplicating it.</numerusform>
        </translation>
    </message>
    <message>
        <source>Đang đồng bộ…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>{record} — {code}: {reason}</source>
        <translation>{record} — {code}: {reason}</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <source>Các ô có dấu (*) là bắt buộc. Ngày viết theo ngày/tháng/năm.</source>
        <translation>Fields marked (*) are required. Dates are written day/month/year.</translation>
    </message>
    <message>
        <source>— Chọn —</source>
        <translation>— Choose —</translation>
    </message>
    <message>
        <source>dd/mm/yyyy, ví dụ {example}</source>
        <translation>dd/mm/yyyy, e.g. {example}</translation>
    </message>
    <message>
        <source>Lưu ý: {warnings}</source>
        <translation>Note: {warnings}</translation>
    </message>
    <message>
        <source>Ví dụ: {example}</source>
        <translation>Example: {example}</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Mở khóa tệp dữ liệu</source>
        <translation>Unlock the data file</translation>
    </message>
    <message>
        <source>Hiện chữ đã gõ</source>
        <translation>Show what is typed</translation>
    </message>
    <message>
        <source>Mật khẩu dữ liệu mới:</source>
        <translation>New data passphrase:</translation>
    </message>
    <message>
        <source>Nhập lại:</source>
        <translation>Again:</translation>
    </message>
    <message>
        <source>Cần mật khẩu này mỗi lần mở ứng dụng trên máy này. Ít nhất {count} ký tự hoặc {words} từ, ví dụ: mây trắng bay qua núi. Sau bước này, ứng dụng cho xem và in khóa khôi phục: nếu quên mật khẩu, chỉ khóa đó mở được dữ liệu.</source>
        <translation>This passphrase is needed each time the application opens on this PC. At least {count} characters or {words} words, for example: white clouds over the hill. After this step the application shows and prints the recovery key: if the passphrase is forgotten, only that key opens the data.</translation>
    </message>
    <message>
        <source>Đặt mật khẩu</source>
        <translation>Set passphrase</translation>
    </message>
    <message>
        <source>Mật khẩu dữ liệu hoặc khóa khôi phục:</source>
        <translation>Data passphrase or recovery key:</translation>
    </message>
    <message>
        <source>Gõ mật khẩu dữ liệu đã đặt cho máy này, hoặc khóa khôi phục in trên phiếu cất trong tủ hồ sơ của nhà trường (11 nhóm 5 ký tự, ví dụ ABCDE-FGHIJ-…; không phân biệt chữ hoa, chữ thường).</source>
        <translation>Type the data passphrase set on this PC, or the recovery key printed on the sheet kept in the school&apos;s filing cabinet (11 groups of 5 characters, e.g. ABCDE-FGHIJ-…; upper or lower case alike).</translation>
    </message>
    <message>
        <source>Mở khóa</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Hãy nhập mật khẩu dữ liệu hoặc khóa khôi phục.</source>
        <translation>Enter the data passphrase or the recovery key.</translation>
    </message>
    <message>
        <source>Hai lần nhập mật khẩu không giống nhau.</source>
        <translation>The two passphrases are not the same.</translation>
    </message>
</context>
<context>
    <name>UnusedTableModel</name>
    <message>
        <source>Số serial/IMEI</source>
        <translation>Serial/IMEI</translation>
    </message>
    <message>
        <source>Loại thiết bị</source>
        <translation>Device type</translation>
    </message>
    <message>
        <source>Hãng – Model</source>
        <translation>Brand – model</translation>
    </message>
    <message>
        <source>Đợt</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Ngày tiếp nhận</source>
        <translation>Date received</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Số serial/IMEI (nhấp đúp để xem lịch sử thiết bị)</source>
        <translation>Serial/IMEI (double-click to see the device&apos;s history)</translation>
    </message>
    <message>
        <source>Hãng và model</source>
        <translation>Brand and model</translation>
    </message>
    <message>
        <source>Đợt tài trợ</source>
        <translation>Donation batch</translation>
    </message>
    <message>
        <source>Ngày nhà trường tiếp nhận thiết bị</source>
        <translation>Date the school received the device</translation>
    </message>
    <message>
        <source>Vì sao thiết bị chưa được đề xuất</source>
        <translation>Why the device is not proposed</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Người dùng máy này</source>
        <translation>Users of this PC</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Mã PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Thêm…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>Đổi tên…</source>
        <translation>Rename…</translation>
    </message>
    <message>
        <source>Đặt/xóa mã PIN…</source>
        <translation>Set/clear PIN…</translation>
    </message>
    <message>
        <source>Ngừng/dùng lại</source>
        <translation>Deactivate/reactivate</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Đang dùng</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Ngừng</source>
        <translation>Inactive</translation>
    </message>
    <message>
        <source>Đổi tên</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>Mã PIN mới (4–12 chữ số; để trống để bỏ mã PIN)</source>
        <translation>New PIN (4–12 digits; leave empty to remove the PIN)</translation>
    </message>
</context>
<context>
    <name>VaccinationTab</name>
    <message>
        <source>Hãy lưu học sinh trước, rồi mở lại hồ sơ để ghi nhận các mũi tiêm vắc-xin.</source>
        <translation>Save the student first, then open their record again to record vaccine doses.</translation>
    </message>
    <message>
        <source>Mũi</source>
        <translation>Dose</translation>
    </message>
    <message>
        <source>Ngày tiêm</source>
        <translation>Date given</translation>
    </message>
    <message>
        <source>Vắc-xin</source>
        <translation>Vaccine</translation>
    </message>
    <message>
        <source>Nơi tiêm</source>
        <translation>Where given</translation>
    </message>
    <message>
        <source>Số lô</source>
        <translation>Lot number</translation>
    </message>
    <message>
        <source>Cơ sở tiêm</source>
        <translation>Vaccination site</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Thêm mũi…</source>
        <translation>Add a dose…</translation>
    </message>
    <message>
        <source>Sửa mũi…</source>
        <translation>Correct the dose…</translation>
    </message>
    <message>
        <source>Hủy mũi ghi nhầm…</source>
        <translation>Cancel a mistaken dose…</translation>
    </message>
    <message numerus="yes">
        <source>Đã tiêm {count} mũi.</source>
        <translation>
            <numerusform>{count} dose received.</numerusform>
            <numerusform>{count} doses received.</numerusform>
        </translation>
    </message>
    <message>
        <source>Chưa có mũi tiêm nào được ghi nhận.</source>
        <translation>No dose recorded yet.</translation>
    </message>
    <message>
        <source>Hủy mũi {dose} ngày {date} ({vaccine}) vì ghi nhầm?

Mũi tiêm không bị xóa: hồ sơ giữ lại dòng đã hủy, và việc hủy được gửi lên CSDL ngành khi đồng bộ.</source>
        <translation>Cancel dose {dose} of {date} ({vaccine}), recorded by mistake?

The dose is not erased: the record keeps the cancelled row, and the cancellation is sent to the sector database at the next sync.</translation>
    </message>
    <message>
        <source>Hủy mũi ghi nhầm</source>
        <translation>Cancel a mistaken dose</translation>
    </message>
    <message>
        <source>Hủy mũi</source>
        <translation>Cancel the dose</translation>
    </message>
    <message>
        <source>Không thể hủy mũi tiêm</source>
        <translation>The dose cannot be cancelled</translation>
    </message>
</context>
<context>
    <name>VaccinationsPage</name>
    <message>
        <source>Tiêm vắc-xin</source>
        <translation>Vaccinations</translation>
    </message>
    <message>
        <source>Ghi nhận ngày tiêm tại trường…</source>
        <translation>Record a school vaccination day…</translation>
    </message>
    <message>
        <source>Ghi nhận một lần cho cả lớp: cùng vắc-xin, cùng ngày, mỗi em được ghi mũi tiếp theo</source>
        <translation>Record a whole class at once: one vaccine, one date, each student&apos;s next dose</translation>
    </message>
    <message>
        <source>Nhập từ Excel…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <source>Xuất Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>Nhập các mũi tiêm từ tệp Excel theo mẫu 4.9.1</source>
        <translation>Import doses from an Excel file in template 4.9.1</translation>
    </message>
    <message>
        <source>Xuất các mũi tiêm ra tệp Excel theo mẫu 4.9.1</source>
        <translation>Export the doses to an Excel file in template 4.9.1</translation>
    </message>
    <message>
        <source>Mẫu 4.9.1 chưa có trong phiên bản này</source>
        <translation>Template 4.9.1 is not in this version yet</translation>
    </message>
    <message>
        <source>Tỷ lệ tiêm theo lớp</source>
        <translation>Coverage by class</translation>
    </message>
    <message>
        <source>Lọc theo lớp</source>
        <translation>Filter by class</translation>
    </message>
    <message>
        <source>Mã HS</source>
        <translation>Student code</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Lớp</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Mũi</source>
        <translation>Dose</translation>
    </message>
    <message>
        <source>Ngày tiêm</source>
        <translation>Date given</translation>
    </message>
    <message>
        <source>Ngày ghi nhận</source>
        <translation>Recorded on</translation>
    </message>
    <message>
        <source>Trễ (ngày)</source>
        <translation>Days late</translation>
    </message>
    <message>
        <source>Mũi tiêm phải được cập nhật chậm nhất 1 ngày sau ngày tiêm. Nhấp đúp một dòng để mở hồ sơ học sinh.</source>
        <translation>A dose must be recorded at most 1 day after it was given. Double-click a row to open the student&apos;s record.</translation>
    </message>
    <message>
        <source>Đang tính tỷ lệ tiêm…</source>
        <translation>Counting the coverage…</translation>
    </message>
    <message numerus="yes">
        <source>{vaccinated}/{students} học sinh đã tiêm ít nhất 1 mũi</source>
        <translation>
            <numerusform>{vaccinated}/{students} student has had at least 1 dose</numerusform>
            <numerusform>{vaccinated}/{students} students have had at least 1 dose</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Chưa tiêm ({count})</source>
        <translation>
            <numerusform>Not vaccinated ({count})</numerusform>
            <numerusform>Not vaccinated ({count})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ghi nhận muộn ({count})</source>
        <translation>
            <numerusform>Recorded late ({count})</numerusform>
            <numerusform>Recorded late ({count})</numerusform>
        </translation>
    </message>
    <message>
        <source>Tất cả các lớp</source>
        <translation>All classes</translation>
    </message>
    <message>
        <source>Lớp {name}</source>
        <translation>Class {name}</translation>
    </message>
    <message numerus="yes">
        <source>{count} học sinh chưa có mũi tiêm nào</source>
        <translation>
            <numerusform>{count} student with no dose recorded</numerusform>
            <numerusform>{count} students with no dose recorded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Đã ghi nhận {count} mũi tiêm.</source>
        <translation>
            <numerusform>{count} dose recorded.</numerusform>
            <numerusform>{count} doses recorded.</numerusform>
        </translation>
    </message>
    <message>
        <source>Lưu tệp Excel</source>
        <translation>Save Excel file</translation>
    </message>
    <message>
        <source>Bảng tính Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message numerus="yes">
        <source>Đã lưu {count} dòng vào {path}</source>
        <translation>
            <numerusform>Saved {count} row to {path}</numerusform>
            <numerusform>Saved {count} rows to {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>Đã xuất</source>
        <translation>Exported</translation>
    </message>
    <message>
        <source>Đang xuất dữ liệu…</source>
        <translation>Exporting the data…</translation>
    </message>
</context>
<context>
    <name>WhoDialog</name>
    <message>
        <source>Ai đang làm việc?</source>
        <translation>Who is working?</translation>
    </message>
</context>
<context>
    <name>WhoPanel</name>
    <message>
        <source>Ai đang làm việc?</source>
        <translation>Who is working?</translation>
    </message>
    <message>
        <source>Mã PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Vào làm việc</source>
        <translation>Start working</translation>
    </message>
    <message>
        <source>Không bắt buộc, 4–12 chữ số</source>
        <translation>Optional, 4–12 digits</translation>
    </message>
    <message>
        <source>Máy này chưa có người dùng. Thêm người đầu tiên:</source>
        <translation>This PC has no users yet. Add the first one:</translation>
    </message>
    <message>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Tiếp tục không cần tên</source>
        <translation>Continue without a name</translation>
    </message>
    <message>
        <source>Thêm và vào làm việc</source>
        <translation>Add and start working</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Đang tạo dữ liệu mẫu…</source>
        <translation>Creating sample data…</translation>
    </message>
    <message>
        <source>Tệp dữ liệu bị hỏng</source>
        <translation>The data file is damaged</translation>
    </message>
    <message>
        <source>Khôi phục bản sao lưu</source>
        <translation>Restore the backup</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Thiếu các thay đổi gần nhất</source>
        <translation>The latest changes are missing</translation>
    </message>
    <message>
        <source>Tiếp tục</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Đang kiểm tra tệp dữ liệu…</source>
        <translation>Checking the data file…</translation>
    </message>
    <message>
        <source>Đang khôi phục bản sao lưu…</source>
        <translation>Restoring the backup…</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Máy không đủ bộ nhớ để xử lý tệp này. Hãy đóng bớt chương trình rồi thử lại.</source>
        <translation>The computer does not have enough memory to process this file. Please close some programs and try again.</translation>
    </message>
    <message>
        <source>Đã xảy ra lỗi không mong đợi; dữ liệu không thay đổi. Chi tiết đã được ghi vào nhật ký để gửi cho bộ phận hỗ trợ.</source>
        <translation>An unexpected error occurred; the data has not changed. The details have been written to the log to send to support.</translation>
    </message>
    <message>
        <source>Đã xảy ra lỗi không mong đợi. Dữ liệu không bị ghi dở dang.

Chi tiết kỹ thuật đã được ghi vào tệp nhật ký:
{path}

Hãy bấm “Sao chép chi tiết” rồi gửi cho bộ phận hỗ trợ.</source>
        <translation>An unexpected error occurred. No data was left half-written.

The technical details have been written to the log file:
{path}

Please click “Copy details” and send them to support.</translation>
    </message>
    <message>
        <source>Không đọc hoặc ghi được tệp {file}. Hãy kiểm tra tệp không bị mở trong chương trình khác (ví dụ Excel), ổ đĩa còn chỗ trống và thư mục cho phép ghi, rồi thử lại.</source>
        <translation>The file {file} could not be read or written. Please check that it is not open in another program (for example Excel), that the disk has free space and that the folder can be written to, then try again.</translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
</context>
</TS>
