import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Our own test suite only: when TF_PLUGIN_MIRROR is not set, use a filesystem mirror from a well-known
// place (this project's build machines keep one in /opt/tf-plugins; Terraform's implied mirror
// directories otherwise). Users' tests set TF_PLUGIN_MIRROR themselves or install from the registry.
if (!process.env.TF_PLUGIN_MIRROR) {
  const candidates = ['/opt/tf-plugins', path.join(os.homedir(), '.terraform.d', 'plugins'), '/usr/local/share/terraform/plugins', '/usr/share/terraform/plugins'];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws')));
  if (found) process.env.TF_PLUGIN_MIRROR = found;
}
