"""Adam with L2 weight decay added to the gradient, step for step as the Swift engine does
it in float32: g ← g + λ·w; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
w ← w − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε), the corrections computed in double and
rounded to float32."""

import torch


class Adam:
    def __init__(self, weights, learning_rate, weight_decay, step=0, first=None, second=None):
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.beta1, self.beta2, self.epsilon = 0.9, 0.999, 1e-8
        self.step = step
        # β₁ᵗ and β₂ᵗ as the Swift engine forms them: the float32 β in double, multiplied t
        # times, rounded to float32.
        self.power1 = self.power2 = 1.0
        for _ in range(step):
            self._advance_powers()
        self.first = first or {l: torch.zeros_like(w) for l, w in weights.items()}
        self.second = second or {l: torch.zeros_like(w) for l, w in weights.items()}

    def _advance_powers(self):
        self.power1 *= float(torch.tensor(self.beta1, dtype=torch.float32))
        self.power2 *= float(torch.tensor(self.beta2, dtype=torch.float32))

    def update(self, weights, gradients):
        """Applies one step to every weight tensor (in place) from its gradient."""
        self.step += 1
        self._advance_powers()
        f32 = torch.float32
        one = torch.tensor(1.0, dtype=f32)
        correction1 = one - torch.tensor(self.power1, dtype=f32)
        correction2 = one - torch.tensor(self.power2, dtype=f32)
        b1 = torch.tensor(self.beta1, dtype=f32)
        b2 = torch.tensor(self.beta2, dtype=f32)
        decay = torch.tensor(self.weight_decay, dtype=f32)
        lr = torch.tensor(self.learning_rate, dtype=f32)
        eps = torch.tensor(self.epsilon, dtype=f32)
        for l, w in weights.items():
            g = gradients[l] + decay * w
            m = self.first[l]
            v = self.second[l]
            m.copy_(b1 * m + (1 - b1) * g)
            v.copy_(b2 * v + (1 - b2) * g * g)
            w.sub_(lr * (m / correction1) / ((v / correction2).sqrt() + eps))
