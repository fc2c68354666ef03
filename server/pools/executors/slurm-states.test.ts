import { describe, expect, it } from "vitest";
import { decodeWaitStatus, isTransientSlurmError, parseExitCode, parseSacct, parseSbatch, parseScontrolJob, parseSqueue, slurmPhase } from "./slurm-states";

describe("Slurm states", () => {
  it("map onto Skillboard's phases as the issue specifies", () => {
    const phase = (s: string) => slurmPhase(s).phase;
    expect(phase("PENDING")).toBe("queued");
    expect(phase("RUNNING")).toBe("running");
    expect(phase("COMPLETING")).toBe("running");
    expect(phase("CONFIGURING")).toBe("starting");
    expect(phase("COMPLETED")).toBe("succeeded");
    for (const s of ["FAILED", "OUT_OF_MEMORY", "TIMEOUT", "NODE_FAIL", "BOOT_FAIL", "DEADLINE"]) expect(phase(s)).toBe("failed");
    expect(phase("CANCELLED")).toBe("canceled");
    expect(phase("CANCELLED by 0")).toBe("canceled");
    expect(phase("REQUEUED")).toBe("requeued");
    expect(phase("PREEMPTED")).toBe("preempted");
    expect(slurmPhase("CANCELLED by 1234")).toEqual({ state: "CANCELLED", phase: "canceled" });
  });

  it("parse squeue's one line per job, with the reason, the nodes and the exit status of ended jobs", () => {
    const out = [
      "12|PENDING|0||Priority",
      "13|PENDING|0||ReqNodeNotAvail, May be reserved for other job",
      "14|RUNNING|0|gpu[01-02]|None",
      "15|FAILED|768|gpu01|NonZeroExitCode",
      "16|TIMEOUT|15|gpu01|TimeLimit",
      "17|COMPLETED|0|gpu02|None",
      "",
    ].join("\n");
    const m = parseSqueue(out);
    expect(m.get("12")).toEqual({ phase: "queued", state: "PENDING", reason: "Priority", nodes: null, exitCode: null, signal: null });
    expect(m.get("13")!.reason).toBe("ReqNodeNotAvail, May be reserved for other job");
    expect(m.get("14")).toMatchObject({ phase: "running", nodes: "gpu[01-02]", reason: null });
    expect(m.get("15")).toMatchObject({ phase: "failed", state: "FAILED", exitCode: 3, signal: null, reason: "NonZeroExitCode" });
    expect(m.get("16")).toMatchObject({ phase: "failed", state: "TIMEOUT", exitCode: null, signal: 15 });
    expect(m.get("17")).toMatchObject({ phase: "succeeded", exitCode: 0 });
    expect(decodeWaitStatus("256")).toEqual({ exitCode: 1, signal: null });
    expect(decodeWaitStatus("")).toEqual({ exitCode: null, signal: null });
  });

  it("parse scontrol show job -o and sacct, and sbatch --parsable", () => {
    const line =
      "JobId=4 JobName=sb-abc UserId=root(0) GroupId=root(0) JobState=TIMEOUT Reason=TimeLimit Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:15 RunTime=00:01:14 TimeLimit=00:01:00 AllocNode:Sid=localhost:2461 NodeList=sbnode1 BatchHost=sbnode1 CPUs/Task=1 StdOut=/w/slurm-4.out";
    expect(parseScontrolJob(line)).toEqual({ phase: "failed", state: "TIMEOUT", reason: "TimeLimit", nodes: "sbnode1", exitCode: 0, signal: 15 });
    const pending = "JobId=5 JobName=x JobState=PENDING Reason=ReqNodeNotAvail, May be reserved for other job Dependency=(null) ExitCode=0:0 NodeList=(null)";
    expect(parseScontrolJob(pending)).toMatchObject({ phase: "queued", reason: "ReqNodeNotAvail, May be reserved for other job", nodes: null });
    expect(parseScontrolJob("")).toBeNull();
    expect(parseSacct("7|FAILED|2:0|node3|None\n", "7")).toEqual({ phase: "failed", state: "FAILED", reason: null, nodes: "node3", exitCode: 2, signal: null });
    expect(parseSacct("7|CANCELLED by 0|0:15|None assigned|None\n", "7")).toMatchObject({ phase: "canceled", nodes: null, signal: 15 });
    expect(parseSacct("", "7")).toBeNull();
    expect(parseExitCode("3:0")).toEqual({ exitCode: 3, signal: null });
    expect(parseSbatch("1234\n")).toBe("1234");
    expect(parseSbatch("1234;cluster2\n")).toBe("1234");
    expect(parseSbatch("sbatch: error\n")).toBeNull();
  });

  it("tell a controller that cannot be reached from a job it refuses", () => {
    expect(isTransientSlurmError("sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)")).toBe(true);
    expect(isTransientSlurmError("ssh: connect to host login1 port 22: Connection refused")).toBe(true);
    expect(isTransientSlurmError("sbatch: error: Batch job submission failed: Invalid partition name specified")).toBe(false);
    expect(isTransientSlurmError("sbatch: error: Batch job submission failed: Requested node configuration is not available")).toBe(false);
  });
});
