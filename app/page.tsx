import Link from "next/link";

export default function Home() {
  return (
    <main className="page" style={{ maxWidth: 640 }}>
      <h1>patient-queue</h1>
      <p>
        Patients: open the private link you received from the clinic to see your place in line and when you
        will be seen.
      </p>
      <p>
        Staff: <Link href="/login">sign in</Link> to run the queues.
      </p>
    </main>
  );
}
