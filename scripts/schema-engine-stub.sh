#!/bin/sh
echo "The native Prisma schema engine is not installed here. Use 'npm run db:migrate' (apply) or 'npm run db:migration -- <name>' (create)." >&2
exit 1
