// Hand-written stand-ins for the generated command and event maps.

export type JobStatus = "created" | "running" | "waiting" | "pending" | "aborting" | "concluded" | "null";
export interface JobInfo {
  id: string;
  type: string;
  status: JobStatus;
  "current-progress": number;
  "total-progress": number;
  error?: string;
}
export interface Commands {
  "query-jobs": { args: undefined; ret: JobInfo[] };
  "query-status": { args: undefined; ret: { running: boolean; status: string } };
  "job-dismiss": { args: { id: string }; ret: Record<string, never> };
  "snapshot-save": { args: { "job-id": string; tag: string; vmstate: string; devices: string[] }; ret: Record<string, never> };
  "x-opt": { args: { a?: number }; ret: number };
  // How the generated maps.ts spells "no arguments" and "returns {}".
  stop: { args: Record<string, never>; ret: Record<string, never> };
}
export interface Events {
  JOB_STATUS_CHANGE: { id: string; status: JobStatus };
  STOP: undefined;
  RESUME: undefined;
}
