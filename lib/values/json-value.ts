/** A JSON value: how WIT values travel through the API and the oplog. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
