# An EKS control plane written with hashicorp/aws 5.100.0's names.
resource "aws_iam_role" "cluster" {
  name = "commons-cluster"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "eks.amazonaws.com" } }]
  })
}

resource "aws_eks_cluster" "main" {
  name                      = "commons"
  role_arn                  = aws_iam_role.cluster.arn
  enabled_cluster_log_types = ["api", "audit"]

  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }

  dynamic "encryption_config" {
    for_each = []
    content {
      resources = ["secrets"]
      provider {
        key_arn = encryption_config.value
      }
    }
  }
}

data "aws_caller_identity" "current" {}
