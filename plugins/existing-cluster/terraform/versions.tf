# CSOC existing-cluster plugin: Gen3 on a Kubernetes cluster someone else runs. Nothing is created here: the
# cluster, PostgreSQL and Elasticsearch exist already. The module records the declared connection facts in
# terraform_data resources (built in, no provider download), so plan, apply, outputs, drift and destroy run
# through CSOC's run engine and state backend like every plugin, and a changed fact shows in the plan.
terraform {
  required_version = ">= 1.6.0"
}
