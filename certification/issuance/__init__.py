"""Applications, issued credentials, packets, certificates, Open Badges, renewal, verification."""
