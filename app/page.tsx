export const dynamic = "force-dynamic";

export default function RunsPage() {
  return <h1 className="text-xl font-semibold">Runs</h1>;
}
