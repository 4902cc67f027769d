import { LoginForm } from "./login-form";

export const metadata = { title: "Staff sign in · patient-queue" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <main className="page" style={{ maxWidth: 420 }}>
      <h1>Staff sign in</h1>
      <LoginForm next={next?.startsWith("/") && !next.startsWith("//") ? next : "/board"} />
    </main>
  );
}
