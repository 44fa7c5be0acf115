resource "aws_eks_cluster" "main" {
  name                     = "commons"
  enabled_cluster_log_type = ["api"]
  arn                      = "arn:aws:eks:us-east-1:000000000000:cluster/commons"

  vpc_config {
    subnet_id = ["subnet-1"]
  }
}
