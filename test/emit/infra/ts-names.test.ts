import { describe, expect, it } from "vitest";
import {
  NameTable,
  camelCase,
  constName,
  functionName,
  isInheritedName,
  objectLiteralKey,
  propertyAccess,
  propertyKey,
  quoteString,
  typeName,
  valueName,
} from "../../../generator/src/emit/ts-names.js";

describe("typeName", () => {
  it.each([
    ["BlockdevOptionsQcow2", "BlockdevOptionsQcow2"],
    ["JobType", "JobType"],
    ["JobInfo", "JobInfo"],
    ["q_obj_query-jobs-arg", "QueryJobsArg"],
    ["q_obj_BLOCK_JOB_COMPLETED-arg", "BlockJobCompletedArg"],
    ["q_obj_x-debug-query-block-graph-arg", "XDebugQueryBlockGraphArg"],
    ["__com.redhat_foo", "ComRedhatFoo"],
    ["__org.qemu_x-Enum", "OrgQemuXEnum"],
    ["X86CPURegister32", "X86CPURegister32"],
    ["QCryptoBlockFormat", "QCryptoBlockFormat"],
    ["JOB_STATUS_CHANGE", "JobStatusChange"],
    ["q_empty", "QEmpty"],
    ["String", "String$"],
    ["Object", "Object$"],
    ["Array", "Array$"],
    ["Error", "Error$"],
    ["Map", "Map$"],
    ["Promise", "Promise$"],
    ["Record", "Record$"],
  ])("%s -> %s", (qapi, ts) => {
    expect(typeName(qapi)).toBe(ts);
  });
});

describe("value and function names", () => {
  it.each([
    ["query-jobs", "queryJobs"],
    ["job-id", "jobId"],
    ["x-debug-query-block-graph", "xDebugQueryBlockGraph"],
    ["__com.redhat_drive-mirror", "comRedhatDriveMirror"],
    ["block_resize", "blockResize"],
    ["QMP", "qmp"],
    ["1st", "q1st"],
  ])("camelCase %s -> %s", (qapi, ts) => {
    expect(camelCase(qapi)).toBe(ts);
  });

  it("escapes reserved words and globals for values", () => {
    expect(valueName("default")).toBe("default$");
    expect(valueName("delete")).toBe("delete$");
    expect(valueName("arguments")).toBe("arguments$");
    expect(valueName("undefined")).toBe("undefined$");
    expect(valueName("string")).toBe("string$");
    expect(valueName("stop")).toBe("stop");
  });

  it("builds function names from a verb", () => {
    expect(functionName("validate", "JobInfo")).toBe("validateJobInfo");
    expect(functionName("validate", "q_obj_query-jobs-arg")).toBe("validateQueryJobsArg");
    expect(functionName("validate", "String")).toBe("validateString");
  });

  it("builds event constant names", () => {
    expect(constName("JOB_STATUS_CHANGE")).toBe("JOB_STATUS_CHANGE");
    expect(constName("__ORG.QEMU_X-EVENT")).toBe("__ORG_QEMU_X_EVENT");
    expect(constName("block-job")).toBe("BLOCK_JOB");
  });
});

describe("property keys", () => {
  it("keeps wire names, quoting non-identifiers", () => {
    expect(propertyKey("status")).toBe("status");
    expect(propertyKey("job-id")).toBe('"job-id"');
    expect(propertyKey("x-foo")).toBe('"x-foo"');
    expect(propertyKey("__com.redhat_bar")).toBe('"__com.redhat_bar"');
    expect(propertyKey("default")).toBe("default");
    expect(propertyKey("1st")).toBe('"1st"');
  });

  it("emits __proto__ as a computed key in object literals", () => {
    expect(propertyKey("__proto__")).toBe("__proto__");
    expect(objectLiteralKey("__proto__")).toBe('["__proto__"]');
    expect(objectLiteralKey("constructor")).toBe("constructor");
    expect(objectLiteralKey("job-id")).toBe('"job-id"');
  });

  it("generated literals with those keys have real own properties", () => {
    const keys = ["__proto__", "constructor", "toString", "job-id", "status"];
    const literal = `({ ${keys.map((k, i) => `${objectLiteralKey(k)}: ${i}`).join(", ")} })`;
    const obj = (0, eval)(literal) as Record<string, number>;
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.keys(obj)).toStrictEqual(keys);
    expect(Object.hasOwn(obj, "__proto__")).toBe(true);
  });

  it("builds property accesses", () => {
    expect(propertyAccess("v", "status")).toBe("v.status");
    expect(propertyAccess("v", "job-id")).toBe('v["job-id"]');
  });

  it("knows which names an ordinary object inherits", () => {
    expect(isInheritedName("__proto__")).toBe(true);
    expect(isInheritedName("constructor")).toBe(true);
    expect(isInheritedName("toString")).toBe(true);
    expect(isInheritedName("job-id")).toBe(false);
  });

  it("quotes strings as prettier prefers", () => {
    expect(quoteString("a")).toBe('"a"');
    expect(quoteString('"')).toBe(`'"'`);
    expect(quoteString("'\"'")).toBe(`"'\\"'"`);
  });
});

describe("NameTable", () => {
  it("keeps unique names as proposed", () => {
    const t = new NameTable();
    t.addType("type:JobInfo", "JobInfo");
    t.addType("type:JobStatus", "JobStatus");
    t.add("value", "validator:JobInfo", functionName("validate", "JobInfo"));
    expect(t.get("type", "type:JobInfo")).toBe("JobInfo");
    expect(t.get("value", "validator:JobInfo")).toBe("validateJobInfo");
  });

  it("settles collisions in registration order with $n suffixes", () => {
    const t = new NameTable();
    t.addType("a", "job-info");
    t.addType("b", "JobInfo");
    t.addType("c", "job_info");
    expect([...t.names("type").values()]).toStrictEqual(["JobInfo", "JobInfo$2", "JobInfo$3"]);
  });

  it("prefers further proposals before suffixes", () => {
    const t = new NameTable();
    t.add("type", "struct:Foo", "Foo");
    t.add("type", "event:FOO", "Foo", "FooEvent");
    expect(t.get("type", "event:FOO")).toBe("FooEvent");
  });

  it("never gives a later first choice away to an earlier fallback", () => {
    const t = new NameTable();
    t.add("type", "x", "Foo", "Bar");
    t.add("type", "y", "Foo", "Bar");
    t.add("type", "z", "Bar");
    expect(t.get("type", "y")).toBe("Foo$2");
    expect(t.get("type", "z")).toBe("Bar");
  });

  it("keeps types and values apart, and respects reserved names", () => {
    const t = new NameTable();
    t.reserve("value", "checkObject");
    t.add("type", "JobStatus", "JobStatus");
    t.add("value", "JobStatus", "JobStatus");
    t.add("value", "fn", "checkObject");
    expect(t.get("type", "JobStatus")).toBe("JobStatus");
    expect(t.get("value", "JobStatus")).toBe("JobStatus");
    expect(t.get("value", "fn")).toBe("checkObject$2");
  });

  it("rejects misuse", () => {
    const t = new NameTable();
    t.add("type", "a", "A");
    expect(() => t.add("type", "a", "B")).toThrow(/duplicate/u);
    expect(() => t.add("type", "b", "not-an-identifier")).toThrow(/bad proposals/u);
    expect(() => t.get("type", "zzz")).toThrow(/unknown/u);
    expect(() => t.add("type", "c", "C")).toThrow(/already assigned/u);
  });
});
