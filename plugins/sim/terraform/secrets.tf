# Secret manager entries, named like gen3-terraform's: <name>-aurora-master-password, <name>-fence-config,
# <name>-gen3-<service>-creds ... Only names and references are simulated; no secret value is stored.

resource "terraform_data" "secret" {
  for_each = local.secret_names

  input = {
    simulated = true
    name      = "${var.name}-${each.key}"
    arn       = "arn:sim:secretsmanager:${var.region}:000000000000:secret:${var.name}-${each.key}"
    database  = startswith(each.key, "gen3-") || each.key == "aurora-master-password" ? local.database_host : null
  }
  depends_on = [terraform_data.database]

  provisioner "local-exec" {
    command = local.commands["terraform_data.secret[\"${each.key}\"]"]
  }
}
