import { TokensView } from "@/components/admin/tokens-view";
import { AdminPage } from "../admin-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "API tokens · Administration · Patient Queue" };

export default function Page() {
  return (
    <AdminPage section="tokens">
      {(staff) => <TokensView timeZone={staff.hospital.timeZone} staffId={staff.id} />}
    </AdminPage>
  );
}
