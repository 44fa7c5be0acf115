# Object storage: data, logs and manifest buckets (plus any extra) named <name>-<bucket>-bucket, encrypted.

resource "terraform_data" "bucket" {
  for_each = local.bucket_names

  input = {
    simulated  = true
    name       = "${var.name}-${each.key}-bucket"
    region     = var.region
    kms_key_id = local.kms_key_id
  }
  depends_on = [terraform_data.kms_key]

  provisioner "local-exec" {
    command = local.commands["terraform_data.bucket[\"${each.key}\"]"]
  }
}
