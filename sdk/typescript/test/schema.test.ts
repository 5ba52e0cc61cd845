/** The committed types (`src/schema.ts`) are what openapi-typescript makes of the committed `openapi.json`. */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

import { DOCUMENT_URL } from "./fake-api.js";

const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

test("src/schema.ts is generated from openapi.json (npm run generate after make openapi)", () => {
  const output = join(mkdtempSync(join(tmpdir(), "sdk-types-")), "schema.ts");
  const cli = join(PACKAGE_ROOT, "node_modules", "openapi-typescript", "bin", "cli.js");
  execFileSync(process.execPath, [cli, fileURLToPath(DOCUMENT_URL), "--output", output], { stdio: "pipe" });
  const committed = readFileSync(join(PACKAGE_ROOT, "src", "schema.ts"), "utf8");
  assert.ok(readFileSync(output, "utf8") === committed, "src/schema.ts is stale: run `make sdk-models` and commit it");
});
