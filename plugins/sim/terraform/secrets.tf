# Secret manager entries, named as the AWS plugin names them: <name>-aurora-master-password and every entry
# of the AWS design under <name>-<namespace>- (commons_secret_names, from plugins/sim/src/
# simulatedSecretManager.ts). Only names and references are simulated; no secret value is stored.

resource "terraform_data" "secret" {
  for_each = local.secret_names

  input = {
    simulated = true
    name      = "${var.name}-${each.key}"
    arn       = "arn:sim:secretsmanager:${var.region}:000000000000:secret:${var.name}-${each.key}"
    database  = endswith(each.key, "-creds") || each.key == "aurora-master-password" ? local.database_host : null
  }
  depends_on = [terraform_data.database]

  provisioner "local-exec" {
    command = local.commands["terraform_data.secret[\"${each.key}\"]"]
  }
}

variable "commons_secret_names" {
  description = "Full names of the commons' secret-manager entries (<name>-<namespace>-...), as the AWS design creates them."
  type        = list(string)
  default     = []
}
