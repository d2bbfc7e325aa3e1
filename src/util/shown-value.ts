// A value from the user, quoted for a message: control characters escaped (they would move the cursor, clear the
// screen or forge lines on a terminal), everything else as written.
export function shownValue(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, '\\u007f');
}
