import { ScreensView } from "@/components/admin/screens-view";
import { AdminPage } from "../admin-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Screens · Administration · Patient Queue" };

export default function Page() {
  return (
    <AdminPage section="screens">
      {(staff) => <ScreensView timeZone={staff.hospital.timeZone} staffId={staff.id} />}
    </AdminPage>
  );
}
