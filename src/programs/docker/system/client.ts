/** The simulated docker CLI's own build identity (as `docker version` prints it). */
export const CLIENT = {
  version: "28.2.2",
  apiVersion: "1.50",
  goVersion: "go1.24.3",
  gitCommit: "e6534b4",
  built: "Fri May 30 12:07:14 2025",
  osArch: "linux/amd64",
};
