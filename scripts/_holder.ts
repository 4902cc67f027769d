import { getDb } from "/work/main/server/db/client.ts";
await getDb().$queryRaw`SELECT 1`; console.log("holding"); setInterval(() => {}, 1000);
