#!/bin/sh
# Sandbox feature: runs inside the guest; writes a marker the tests look for.
set -eu
mkdir -p /etc/phoenix
echo "base_setup applied" > /etc/phoenix/base_setup.done
