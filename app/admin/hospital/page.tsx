import { HospitalSettings } from "@/components/admin/hospital-settings";
import { AdminPage } from "../admin-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Hospital · Administration · Patient Queue" };

export default function Page() {
  return <AdminPage section="hospital">{() => <HospitalSettings />}</AdminPage>;
}
