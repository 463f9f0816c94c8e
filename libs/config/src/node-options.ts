/**
 * V8 heap bounds for one service process, given as NODE_OPTIONS by everything that starts a service on
 * its own (deploy/systemd units, docker-compose.yml, the npm start:<app> scripts, the benchmark, the
 * chaos suite). Without them V8 sizes its heap from the machine's memory and collects lazily: a service
 * whose live heap is 50–60 MB reaches 300–600 MB resident under sustained load (docs/performance.md).
 * Old space 160 MB and semi-spaces of 16 MB keep a service under 256 MB resident; a test checks that the
 * deployment files carry the same value.
 */
export const SERVICE_NODE_OPTIONS = '--max-old-space-size=160 --max-semi-space-size=16';
