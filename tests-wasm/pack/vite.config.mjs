// Builds the app in the directory it is copied to, where `metis-lightnode` is the installed tarball.
export default {
  build: { target: 'es2022', emptyOutDir: true },
  logLevel: 'warn',
};
