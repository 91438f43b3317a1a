/** A canonical UUID (8-4-4-4-12 hex digits): anything else in a URL is "not found" before it reaches the database. */
export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
