import { useSearchParams } from "@remix-run/react";
import { notices, type NoticeCode } from "~/web/notices";
import { Notice } from "./form-field";

export function NoticeFromUrl() {
  const [params] = useSearchParams();
  const code = params.get("notice");
  return <Notice message={code && code in notices ? notices[code as NoticeCode] : null} />;
}
