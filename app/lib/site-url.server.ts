/** The site's own address for links in e-mails written outside a request (jobs, commands): APP_URL without a trailing slash. */
export function siteUrl(): string {
  return (process.env.APP_URL ?? "").replace(/\/$/, "");
}
