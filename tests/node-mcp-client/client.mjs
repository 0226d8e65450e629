// An independent MCP client, the official TypeScript SDK, used by the integration tests against the protected
// C# MCP server. It prints one JSON line: what it listed and called, or the error it got.
//   node client.mjs <endpoint> <tool> [json-arguments]      (the bearer token, if any, in AGENT_TOKEN)
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [endpoint, tool, args] = process.argv.slice(2);
const token = process.env.AGENT_TOKEN;
const headers = token ? { Authorization: `Bearer ${token}` } : {};
const transport = new StreamableHTTPClientTransport(new URL(endpoint), { requestInit: { headers } });
const client = new Client({ name: "node-mcp-client", version: "1.0.0" });
const report = {};
try {
  await client.connect(transport);
  report.tools = (await client.listTools()).tools.map((t) => t.name).sort();
  try {
    const result = await client.callTool({ name: tool, arguments: args ? JSON.parse(args) : {} });
    report.call = { isError: result.isError === true, text: result.content?.[0]?.text ?? null };
  } catch (error) {
    report.call = { code: error.code ?? null, message: String(error.message ?? error) };
  }
} catch (error) {
  report.error = { code: error.code ?? null, message: String(error.message ?? error) };
} finally {
  await client.close().catch(() => {});
}
console.log(JSON.stringify(report));
