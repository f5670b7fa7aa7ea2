import M4Base from "../core/m4-base"

/** The M4 provider: registered as `pp_m4_{id}` (`pp_m4_m4` with `id: "m4"`). */
export class M4ProviderService extends M4Base {
  static identifier = "m4"
}

export default M4ProviderService
