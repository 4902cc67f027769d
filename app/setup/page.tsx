// The first run of a real clinic: the hospital and its first admin, with the one-time setup code
// from the server's log. Once done it only says so (every later attempt is refused: SETUP_DONE).
import { SetupForm } from "@/components/setup/setup-form";
import { callerFor } from "@/server/trpc/caller";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up the clinic · Patient Queue" };

export default async function SetupPage() {
  const { needed } = await (await callerFor(null)).setup.status();
  return (
    <main className="grid min-h-dvh place-items-center px-4 py-10">
      <div className="grid w-full max-w-[560px] gap-5">
        <div className="flex items-center gap-3">
          <span
            aria-hidden
            className="grid size-11 place-items-center rounded-xl bg-brand text-2xl font-black text-white"
          >
            +
          </span>
          <div>
            <h1 className="m-0 text-2xl font-bold">Set up the clinic</h1>
            <p className="m-0 text-muted">
              {needed ? "The hospital and its first admin, once." : "Setup is complete."}
            </p>
          </div>
        </div>
        {needed ? (
          <SetupForm />
        ) : (
          <p className="m-0 text-lg">
            This clinic is already set up. <a href="/login">Sign in</a> with your staff account.
          </p>
        )}
      </div>
    </main>
  );
}
