// The one progress interface: long-running steps report in Flux's words and symbols, the CLI's Logger prints them.

export interface Progress {
  /** `► doing something` */
  action(message: string): void;
  /** `✔ done something` */
  success(message: string): void;
  /** `⚠ something to know` */
  warning(message: string): void;
}

/** Reports nothing: for library callers that do not want progress lines. */
export const SILENT: Progress = { action() {}, success() {}, warning() {} };
