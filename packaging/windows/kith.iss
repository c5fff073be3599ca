; Inno Setup 6 script for Kith's Windows installer. packaging\windows\build.ps1 runs it as
;
;   iscc /DAppVersion=0.1.0 /DBundleDir=<bundle> /DOutputDir=<dist> [/DIconFile=<kith.ico>] kith.iss
;
; where <bundle> is the PyInstaller one-folder bundle (kith.exe, kith-cli.exe, _internal\).
; It makes <dist>\kith-<version>-windows-x64-setup.exe: Start-menu entry, optional desktop
; shortcut, optional "Open with Kith" for .vcf files, and an uninstaller. Kith's data lives in
; %LOCALAPPDATA%\Kith (platformdirs), never in the install folder; uninstalling leaves it.

#ifndef AppVersion
  #error Pass the version with /DAppVersion=X.Y.Z (build.ps1 reads it from pyproject.toml)
#endif
#ifndef BundleDir
  #define BundleDir "..\..\build\windows\bundle\kith"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppExe "kith.exe"
#define VcardProgId "Kith.vCard"

[Setup]
; The same id for every version, so a new version upgrades the old one in place.
AppId=io.github.kith.Kith
AppName=Kith
AppVersion={#AppVersion}
AppVerName=Kith {#AppVersion}
AppPublisher=The Kith developers
AppComments=Keeps your professional network alive
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Kith
DefaultGroupName=Kith
DisableProgramGroupPage=yes
; Per-user install by default (no administrator needed); the user may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=kith-{#AppVersion}-windows-x64-setup
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName=Kith
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "vcf"; Description: "Offer Kith to open vCard (.vcf) files"; GroupDescription: "File types:"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Kith"; Filename: "{app}\{#AppExe}"; Comment: "Keeps your professional network alive"
Name: "{autodesktop}\Kith"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .vcf: Kith joins the file type's "Open with" list (Windows lets only the user pick the
; default). Opening a card starts the window with that file's import review:
;   "<app>\kith.exe" --import "<file>"
Root: HKA; Subkey: "Software\Classes\.vcf\OpenWithProgids"; ValueType: string; ValueName: "{#VcardProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: vcf
Root: HKA; Subkey: "Software\Classes\{#VcardProgId}"; ValueType: string; ValueName: ""; ValueData: "vCard contacts"; Flags: uninsdeletekey; Tasks: vcf
Root: HKA; Subkey: "Software\Classes\{#VcardProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: vcf
Root: HKA; Subkey: "Software\Classes\{#VcardProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --import ""%1"""; Tasks: vcf
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".vcf"; ValueData: ""; Flags: uninsdeletekey; Tasks: vcf

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,Kith}"; Flags: nowait postinstall skipifsilent
