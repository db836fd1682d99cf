"""exactrose: exact threat-resistant bargaining values (ROSE, CoCo, Shapley) of finite games."""
