import { StaffView } from "@/components/admin/staff-view";
import { AdminPage } from "../admin-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Staff · Administration · Patient Queue" };

export default function Page() {
  return (
    <AdminPage section="staff">
      {(staff) => <StaffView timeZone={staff.hospital.timeZone} staffId={staff.id} />}
    </AdminPage>
  );
}
