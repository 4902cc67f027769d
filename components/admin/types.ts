// The admin screens' data, inferred from the routers (never copied by hand).
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type HospitalSettings = Outputs["adminHospital"]["get"];
export type HospitalUpdate = Inputs["adminHospital"]["update"];
export type AdminDoctor = Outputs["adminDoctors"]["list"][number];
export type AdminStaff = Outputs["adminStaff"]["list"][number];
export type HospitalToken = Outputs["adminStaff"]["tokens"][number];
export type Screen = Outputs["screens"]["list"][number];
