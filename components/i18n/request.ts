// next-intl without locale routing: the locale of a request comes from the switcher's cookie or
// the browser's Accept-Language (see config.ts); messages are loaded per locale.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { chooseLocale, LOCALE_COOKIE } from "./config";

export default getRequestConfig(async () => {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  const locale = chooseLocale(jar.get(LOCALE_COOKIE)?.value, head.get("accept-language"));
  return { locale, messages: (await import(`./messages/${locale}.json`)).default };
});
