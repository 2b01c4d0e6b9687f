<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="vi">
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
    <message>
        <source>Có {n} dòng bị lỗi: các dòng này sẽ không được nhập.</source>
        <translation>{n} rows have errors: these rows will not be imported.</translation>
    </message>
    <message>
        <source>Tệp hợp lệ, có {n} cảnh báo (không cản trở việc nhập).</source>
        <translation>The file is valid, with {n} warnings (they do not prevent the import).</translation>
    </message>
    <message>
        <source>Tệp hợp lệ, sẵn sàng nhập.</source>
        <translation>The file is valid and ready to import.</translation>
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
    <message>
        <source>Đợt {code} đã có {count} thiết bị; thông tin đợt được điền theo đợt này.</source>
        <translation>Batch {code} already has {count} devices; the batch details have been filled in from it.</translation>
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
    <message>
        <source>{count} thiết bị</source>
        <translation>{count} devices</translation>
    </message>
    <message>
        <source> · {below} cấu hình thấp (tô vàng)</source>
        <translation> · {below} below minimum specification (highlighted in yellow)</translation>
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
        <source>Chưa chọn tệp</source>
        <translation>No file chosen</translation>
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
        <source>Tệp bảng tính (.xlsx, .xls hoặc .ods):</source>
        <translation>Spreadsheet file (.xlsx, .xls or .ods):</translation>
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
    <message>
        <source>Không dùng được: tệp có {n} dòng lỗi.</source>
        <translation>Not available: the file has {n} rows with errors.</translation>
    </message>
    <message>
        <source>Ghi {valid} dòng hợp lệ, bỏ qua {bad} dòng có lỗi.</source>
        <translation>Write the {valid} valid rows and skip the {bad} rows with errors.</translation>
    </message>
    <message>
        <source>Ghi tất cả {n} dòng; nếu có lỗi thì không ghi dòng nào.</source>
        <translation>Write all {n} rows; if there is any error, no row is written.</translation>
    </message>
    <message>
        <source>Tệp không có dòng lỗi: cũng ghi {n} dòng.</source>
        <translation>The file has no rows with errors: this also writes {n} rows.</translation>
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
        <source>Bảng tính (*.xlsx *.xls *.ods)</source>
        <translation>Spreadsheets (*.xlsx *.xls *.ods)</translation>
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
        <source>Đã xảy ra lỗi không mong đợi; dữ liệu không thay đổi. Chi tiết đã được ghi vào nhật ký để gửi cho bộ phận hỗ trợ.</source>
        <translation>An unexpected error occurred; the data has not changed. The details have been written to the log to send to support.</translation>
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
        <source>Máy không đủ bộ nhớ để xử lý tệp này. Hãy đóng bớt chương trình rồi thử lại.</source>
        <translation>The computer does not have enough memory to process this file. Please close some programs and try again.</translation>
    </message>
    <message>
        <source>Nhập xong.</source>
        <translation>Import finished.</translation>
    </message>
    <message>
        <source>{n} dòng có lỗi</source>
        <translation>{n} rows with errors</translation>
    </message>
    <message>
        <source>Đọc {read} dòng: {valid} dòng hợp lệ, {bad}, {warnings} cảnh báo.</source>
        <translation>Read {read} rows: {valid} valid rows, {bad}, {warnings} warnings.</translation>
    </message>
    <message>
        <source>Chưa nhập: không có dữ liệu nào được ghi.</source>
        <translation>Not imported: no data was written.</translation>
    </message>
    <message>
        <source>Dữ liệu trong tệp đã có sẵn, không có gì thay đổi.</source>
        <translation>The data in the file is already there; nothing changed.</translation>
    </message>
    <message>
        <source>Không đọc hoặc ghi được tệp {file}. Hãy kiểm tra tệp không đang mở trong chương trình khác (ví dụ Excel) và thư mục cho phép ghi, rồi thử lại.</source>
        <translation>The file {file} could not be read or written. Please check that it is not open in another program (for example Excel) and that the folder can be written to, then try again.</translation>
    </message>
    <message>
        <source> ({n} lỗi)</source>
        <translation> ({n} errors)</translation>
    </message>
    <message>
        <source>Đã nhập {n} dòng: thêm mới {created}, cập nhật {updated}, không đổi {unchanged}.</source>
        <translation>Imported {n} rows: {created} added, {updated} updated, {unchanged} unchanged.</translation>
    </message>
    <message>
        <source>Các thay đổi đã được lưu trên máy và sẽ được gửi đi khi đồng bộ.</source>
        <translation>The changes are saved on this computer and will be sent when syncing.</translation>
    </message>
    <message>
        <source>Không đọc được tệp:</source>
        <translation>The file could not be read:</translation>
    </message>
    <message>
        <source>Tệp có {n} dòng lỗi (có thể tệp đã được sửa sau khi kiểm tra) nên không ghi dòng nào. Hãy lưu báo cáo lỗi, sửa tệp rồi nhập lại, hoặc chọn “Chỉ nhập các dòng hợp lệ”.</source>
        <translation>The file has {n} rows with errors (it may have been changed after the check), so no row was written. Save the error report, correct the file and import it again, or choose “Import only the valid rows”.</translation>
    </message>
    <message>
        <source>Đã bỏ qua {n} dòng có lỗi. Lưu báo cáo lỗi để xem các dòng đó, sửa rồi nhập lại tệp: các dòng đã nhập sẽ không bị nhập trùng.</source>
        <translation>{n} rows with errors were skipped. Save the error report to see those rows, correct them and import the file again: the rows already imported will not be imported twice.</translation>
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
        <source>Ngoại tuyến</source>
        <translation>Offline</translation>
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
        <source>Địa chỉ và người phụ trách</source>
        <translation>Address and people in charge</translation>
    </message>
    <message>
        <source>Dùng trên biên bản bàn giao và báo cáo. Có thể để trống và bổ sung sau.</source>
        <translation>Used on handover records and reports. You can leave these empty and add them later.</translation>
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
        <source>Tệp</source>
        <translation>File</translation>
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
    <message>
        <source>{total} học sinh có nhu cầu, trong đó {programme} thuộc diện hỗ trợ của Chương trình (diện 1–3); diện khó khăn khác báo cáo riêng.</source>
        <translation>{total} students with needs, of whom {programme} are in the Programme&apos;s support categories (categories 1–3); other hardship is reported separately.</translation>
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
        <source>Đang xuất dữ liệu…</source>
        <translation>Exporting data…</translation>
    </message>
    <message>
        <source>Đã lưu {count} dòng vào {path}</source>
        <translation>Saved {count} rows to {path}</translation>
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
    <name>RowDialog</name>
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
        <source>Muốn dùng tệp dữ liệu ở chỗ khác (ví dụ thư mục dùng chung hoặc ổ USB): chạy ứng dụng với tùy chọn {option} hoặc đặt biến môi trường {variable} là đường dẫn của tệp.</source>
        <translation>To use a data file somewhere else (for example a shared folder or a USB drive), start the application with the {option} option or set the {variable} environment variable to the file&apos;s path.</translation>
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
        <source>Trạng thái nhu cầu: đề xuất → Phòng GD&amp;ĐT duyệt → đã cấp thiết bị</source>
        <translation>Status of the need: proposed → approved by the district education office → device provided</translation>
    </message>
    <message>
        <source>Học sinh này vừa bị xóa. Nhấn F5 để tải lại danh sách.</source>
        <translation>This student has just been deleted. Press F5 to reload the list.</translation>
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
        <source>Chỉ hiện dòng có vấn đề</source>
        <translation>Only rows with problems</translation>
    </message>
    <message>
        <source>Nhu cầu bị Phòng GD&amp;ĐT trả lại, hoặc diện hộ nghèo/cận nghèo thiếu số giấy chứng nhận</source>
        <translation>Needs returned by the district education office, or poor/near-poor households without a certificate number</translation>
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
        <source>Thêm học sinh</source>
        <translation>Add student</translation>
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
    <message>
        <source>Tất cả các lớp</source>
        <translation>All classes</translation>
    </message>
    <message>
        <source>Lớp {name}</source>
        <translation>Class {name}</translation>
    </message>
    <message>
        <source>{count} học sinh</source>
        <translation>{count} students</translation>
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
    <name>errors</name>
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
</TS>
