import type { GroupSpec } from "../cli";
import { login } from "./login";
import { logout } from "./logout";
import { search } from "./search";

/** Registry commands: top-level only (`docker login`), there is no `docker registry …` group. */
export const registry: GroupSpec = {
  name: "registry",
  short: "Authenticate to registries",
  topLevelOnly: true,
  commands: [login, logout, search],
};
