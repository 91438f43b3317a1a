import type { MetaFunction } from "@remix-run/node";
import { notFound } from "~/lib/errors";

export const meta: MetaFunction = () => [{ title: "ページが見つかりません | ガバメントピッチ・マッチング" }];

export const loader = () => {
  throw notFound();
};
export const action = loader;

export default function NotFound() {
  return null;
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
