/**
 * Facts about the LiteLLM image that the runtimes' containers rely on (health checks, preStop hooks, the
 * migrations' one-liners). Pure: no cdktf.
 */

/**
 * The interpreter the health check and other one-liners run. The LiteLLM images are Wolfi-based
 * (BerriAI/litellm `Dockerfile` and `docker/Dockerfile.non_root`, 1.83 era: `apk add ... python3 ...`, then
 * `ENV PATH="/app/.venv/bin:${PATH}"` with a uv-made virtualenv): `python3` is on PATH from both the system
 * package and the virtualenv, while a bare `python` exists only in the virtualenv. `python3` works either way.
 */
export const PYTHON = 'python3';
