// A new clinic's first steps after setup, and which are done: the admin screens show them until the
// clinic can run a day (doctors with hours, and someone at reception). Pure.

export type SetupStep = { label: string; hint: string; href: string; done: boolean };

type Doctor = { active: boolean; periods: readonly unknown[] };
type Staff = { active: boolean; role: string };

/** The steps, or null once every one is done (nothing left to point at). */
export function gettingStarted(doctors: readonly Doctor[], staff: readonly Staff[]): SetupStep[] | null {
  const active = doctors.filter((d) => d.active);
  const steps: SetupStep[] = [
    {
      label: "Add your doctors",
      hint: "Each with their room and how long a visit usually takes.",
      href: "/admin/doctors",
      done: active.length > 0,
    },
    {
      label: "Set each doctor's working hours",
      hint: "Patients can only be booked inside them; days off too.",
      href: "/admin/doctors",
      done: active.length > 0 && active.every((d) => d.periods.length > 0),
    },
    {
      label: "Add reception staff",
      hint: "They run the board; each gets a one-time link to set a password.",
      href: "/admin/staff",
      done: staff.some((s) => s.active && s.role === "RECEPTIONIST"),
    },
  ];
  return steps.every((s) => s.done) ? null : steps;
}
