import { DoctorsView } from "@/components/admin/doctors-view";
import { now } from "@/server/clock";
import { localDateOf } from "@/server/domain/time";
import { AdminPage } from "../admin-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Doctors · Administration · Patient Queue" };

export default function Page() {
  return (
    <AdminPage section="doctors">
      {(staff) => <DoctorsView today={localDateOf(now(), staff.hospital.timeZone)} />}
    </AdminPage>
  );
}
