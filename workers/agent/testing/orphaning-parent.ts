// A stand-in for a worker agent: starts a job tree (a shell with a background child, both ignoring
// SIGTERM when asked), prints "<shell pid> <child pid>" and waits to be killed.
import { spawnProcessGroup } from "../process-group";

const ignoreTerm = process.argv[2] === "ignore-term" ? "trap '' TERM; " : "";
const group = spawnProcessGroup(["sh", "-c", `${ignoreTerm}sleep 1000 & echo "$$ $!"; wait`], { cwd: "/", env: process.env, orphanGraceMs: 500 });
group.child.stdout!.pipe(process.stdout);
setInterval(() => {}, 1000);
