import { db } from "~/lib/db.server";

export function listPrefectures() {
  return db().selectFrom("prefecture").select(["code", "name"]).orderBy("code").execute();
}

export function listBureaus() {
  return db().selectFrom("regional_bureau").select(["id", "name", "ministry"]).orderBy("sort_order").execute();
}

export function listMunicipalityNames(prefectureCode: number) {
  return (
    db()
      .selectFrom("municipality")
      .select(["code", "name", "kana"])
      .where("prefecture_code", "=", prefectureCode)
      // Only current entries: an abolished code (廃置分合) stays for the records that point at it, never as a choice.
      .where("abolished_on", "is", null)
      .orderBy("code")
      .execute()
  );
}
