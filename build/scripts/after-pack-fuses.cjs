// electron-builder afterPack hook: flips the Electron fuses of the packed binary to their production values and
// reads them back, so a build can never ship with Node escape hatches open. Runs before code signing (macOS and
// Windows sign after afterPack), which keeps the signature valid over the modified binary.
/* global require, module -- CommonJS, because the unit tests load the hook's fuse table without a build step */
/* eslint-disable @typescript-eslint/no-require-imports */
const { join } = require('node:path');
const { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } = require('@electron/fuses');
// FuseState (the byte values '0' / '1') is not re-exported by the package index.
const { FuseState } = require('@electron/fuses/dist/constants');

/** Every fuse the wire knows, set explicitly (strictlyRequireAllFuses fails the build if Electron adds one). */
const SECURE_FUSES = Object.freeze({
  // The binary must not act as plain Node (ELECTRON_RUN_AS_NODE) or take NODE_OPTIONS / --inspect from outside.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Load code only from the packaged, integrity-checked app.asar (integrity is enforced on macOS and Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The renderer is served over app://, so file:// needs no extra privileges; cookies are encrypted at rest.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // No custom browser-process V8 snapshot is shipped.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
});

// electron-builder's Arch enum value for arm64 (ia32 0, x64 1, armv7l 2, arm64 3, universal 4).
const ARCH_ARM64 = 3;

/** The packed Electron executable (or .app bundle on macOS) inside appOutDir. */
function packedElectronPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const productFilename = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${productFilename}.exe`);
    case 'linux':
      return join(appOutDir, packager.executableName);
    default:
      throw new Error(`after-pack-fuses: unsupported platform "${electronPlatformName}"`);
  }
}

function fuseConfigFor(context) {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Flipping fuses breaks the ad-hoc signature Apple Silicon requires before real signing happens.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === ARCH_ARM64,
    ...SECURE_FUSES,
  };
}

/** Compares the fuses in the binary with SECURE_FUSES; returns the names of the ones that differ. */
async function mismatchedFuses(electronPath) {
  const wire = await getCurrentFuseWire(electronPath);
  return Object.entries(SECURE_FUSES)
    .filter(([index, enabled]) => wire[index] !== (enabled ? FuseState.ENABLE : FuseState.DISABLE))
    .map(([index]) => FuseV1Options[index]);
}

async function afterPack(context) {
  const electronPath = packedElectronPath(context);
  await flipFuses(electronPath, fuseConfigFor(context));
  const wrong = await mismatchedFuses(electronPath);
  if (wrong.length > 0) throw new Error(`after-pack-fuses: fuses not set in ${electronPath}: ${wrong.join(', ')}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.SECURE_FUSES = SECURE_FUSES;
module.exports.fuseConfigFor = fuseConfigFor;
module.exports.packedElectronPath = packedElectronPath;
module.exports.mismatchedFuses = mismatchedFuses;
