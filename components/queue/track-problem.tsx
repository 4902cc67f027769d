"use client";
// The patient page when its link cannot show a place in line: what happened and what to do, in the
// patient's language.
import { useLocale, useTranslations } from "next-intl";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { WarningIcon } from "../ui/icons";
import type { LinkProblem } from "./link-problem";
import { LanguageSwitcher } from "./track-controls";

export function TrackProblem({ problem }: { problem: LinkProblem }) {
  const t = useTranslations("track.problems");
  const locale = useLocale();
  return (
    <main lang={locale} className="mx-auto flex min-h-dvh max-w-md flex-col gap-4 px-4 py-6">
      <Banner
        tone={problem === "unavailable" ? "warn" : "bad"}
        role="alert"
        icon={<WarningIcon />}
        className="py-4"
      >
        <h1 className="m-0 text-xl font-bold">{t(`${problem}Title`)}</h1>
        <p className="mt-1 mb-0 text-lg font-normal">{t(problem)}</p>
      </Banner>
      {problem === "unavailable" && (
        <Button variant="primary" size="lg" onClick={() => window.location.reload()}>
          {t("retry")}
        </Button>
      )}
      <LanguageSwitcher />
    </main>
  );
}
