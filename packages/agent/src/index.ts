// csoc-agent's public surface: the pieces the server's tests, the simulator and the binary start from.
export {};
