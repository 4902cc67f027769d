// The first run of a real clinic: the hospital and its first admin, with the one-time setup code
// from the server's log. Once done it only says so (every later attempt is refused: SETUP_DONE).
import { SetupForm } from "@/components/setup/setup-form";
import { CenteredPage } from "@/components/ui/centered-page";
import { callerFor } from "@/server/trpc/caller";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up the clinic · Patient Queue" };

export default async function SetupPage() {
  const { needed } = await (await callerFor(null)).setup.status();
  return (
    <CenteredPage
      title="Set up the clinic"
      subtitle={needed ? "The hospital and its first admin, once." : "Setup is complete."}
      className="max-w-[560px]"
    >
      {needed ? (
        <SetupForm />
      ) : (
        <p className="m-0 text-lg">
          This clinic is already set up. <a href="/login">Sign in</a> with your staff account.
        </p>
      )}
    </CenteredPage>
  );
}
