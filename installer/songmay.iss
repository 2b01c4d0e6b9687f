; Inno Setup 6.3+ script: one Setup.exe that a school clerk runs on a Windows 10/11 office PC.
;
;   iscc installer\songmay.iss                      (after installer\build.ps1 built dist\songmay)
;   iscc /DAppVersion=0.1.0 installer\songmay.iss   (the version is otherwise read from songmay.exe)
;
; Per user, without administrator rights: the program goes to
; %LOCALAPPDATA%\Programs\SongMay, the shortcuts to the user's Start menu and desktop.
; The school's data is NOT here: it lives in %LOCALAPPDATA%\SongVaMayTinhChoEm\SongMay
; (platformdirs, desktop_app/core/paths.py) and the settings in the registry under
; HKCU\Software\SongVaMayTinhChoEm\SongMay. The uninstaller removes the program only; it never
; touches either, and says so.
;
; Vietnamese wizard: Inno Setup ships no official Vietnamese.isl. Put the community translation
; (jrsoftware.org → Translations → Vietnamese) at installer\Vietnamese.isl or in Inno Setup's
; Languages folder; without it the wizard is in English, with our own texts still in Vietnamese.
; This file is UTF-8 with a byte order mark (Inno Setup reads it as Unicode then).

#define AppName "Sóng và máy tính cho em"
#define AppPublisher "Chương trình Sóng và máy tính cho em"
#define AppExe "songmay.exe"
; Shown to the clerk: where the data stays (the same path as paths.data_dir() on Windows).
#define DataFolder "AppData\Local\SongVaMayTinhChoEm\SongMay"
#define Bundle AddBackslash(SourcePath) + "..\dist\songmay"
#define Icon AddBackslash(SourcePath) + "..\build\installer\songmay.ico"

#if !FileExists(Bundle + "\" + AppExe)
  #error dist\songmay\songmay.exe is missing: run installer\build.ps1 first
#endif
; One place for the version: desktop_app/__init__.py → the exe's version resource → here.
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(Bundle + "\" + AppExe, "ProductVersion")
#endif
#define AppNumericVersion GetVersionNumbersString(Bundle + "\" + AppExe)

#if FileExists(AddBackslash(SourcePath) + "Vietnamese.isl")
  #define VietnameseIsl AddBackslash(SourcePath) + "Vietnamese.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Vietnamese.isl")
  #define VietnameseIsl AddBackslash(CompilerPath) + "Languages\Vietnamese.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\Vietnamese.isl")
  #define VietnameseIsl AddBackslash(CompilerPath) + "Languages\Unofficial\Vietnamese.isl"
#endif

[Setup]
; AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{ACA83215-79CA-44AB-8309-FF03A2A1034B}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} — cài đặt
; Per-user install, no UAC prompt: {autopf} is %LOCALAPPDATA%\Programs under "lowest".
PrivilegesRequired=lowest
DefaultDirName={autopf}\SongMay
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
; PySide6 (Qt 6) runs on 64-bit Windows 10 and 11 only.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
; Always in Vietnamese when Vietnamese.isl is there (listed first), whatever Windows' language.
LanguageDetectionMethod=none
ShowLanguageDialog=no
OutputDir=..\dist
OutputBaseFilename=SongMay-Setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
#if FileExists(Icon)
SetupIconFile={#Icon}
#endif
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; Closes a running songmay.exe (Restart Manager) before files are replaced on an upgrade.
CloseApplications=yes
RestartApplications=no

[Languages]
#ifdef VietnameseIsl
Name: "vi"; MessagesFile: "{#VietnameseIsl}"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
; Our own texts are Vietnamese in both wizard languages: the clerk reads Vietnamese.
#ifdef VietnameseIsl
vi.DesktopIcon=Tạo biểu tượng trên màn hình nền
vi.ExtraIcons=Biểu tượng bổ sung:
vi.Launch=Mở {#AppName} ngay
vi.DataKept=Chương trình đã được gỡ bỏ. Dữ liệu của trường (học sinh, thiết bị, biên bản, các bản sao lưu) VẪN ĐƯỢC GIỮ trong thư mục:%n%n%1%n%nCài lại chương trình thì dữ liệu hiện lại như cũ. Chỉ xoá thư mục này khi chắc chắn không cần dữ liệu nữa (hãy sao lưu trước).
#endif
en.DesktopIcon=Tạo biểu tượng trên màn hình nền (desktop)
en.ExtraIcons=Biểu tượng bổ sung (additional shortcuts):
en.Launch=Mở {#AppName} ngay (launch now)
en.DataKept=Chương trình đã được gỡ bỏ. Dữ liệu của trường VẪN ĐƯỢC GIỮ trong thư mục:%n%n%1%n%n(The program was removed; the school's data is kept in the folder above.)

[Messages]
; The uninstaller's first question already says that the data stays.
#ifdef VietnameseIsl
vi.ConfirmUninstall=Gỡ bỏ %1?%n%nChỉ chương trình bị gỡ bỏ. Dữ liệu của trường được giữ lại trong {#DataFolder}.
#endif
en.ConfirmUninstall=Gỡ bỏ %1? (Remove %1?)%n%nChỉ chương trình bị gỡ bỏ; dữ liệu của trường được giữ lại trong {#DataFolder}.%n(Only the program is removed; the school's data stays.)

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:ExtraIcons}"

[Files]
; The whole one-folder bundle: songmay.exe (window), songmay-debug.exe (console), _internal\.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle's libraries wholesale (no stale file from an older version).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "{#AppName}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "{#AppName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:Launch}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes exactly what [Files] installed, and nothing in
; %LOCALAPPDATA%\SongVaMayTinhChoEm (the data) nor in the registry (the settings).

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent() then
    MsgBox(FmtMessage(CustomMessage('DataKept'),
      [ExpandConstant('{localappdata}\SongVaMayTinhChoEm\SongMay')]), mbInformation, MB_OK);
end;
