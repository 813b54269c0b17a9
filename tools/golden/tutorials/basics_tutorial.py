#!/usr/bin/python3
"""PyTorch's "Learn the Basics" tutorial (tensors, autograd, build the model, optimization loop, save and
load, datasets and data loaders), printed for grad4j's TutorialBasicsTest.

    /usr/bin/python3 tools/golden/tutorials/basics_tutorial.py --write

writes backend-cpu/src/test/resources/golden/tutorials/basics.txt. Departures from the tutorial: no
downloads (FashionMNIST is replaced by random 1x28x28 images with random labels, 256 to train on and 64 to
test, 2 epochs, a loss line every 2nd batch); no NumPy bridge; grad_fn printed by name (its repr holds a memory
address); torch.save(state_dict) is a safetensors file in grad4j; each part seeds torch.manual_seed(0).
"""
import os
import tempfile

import common  # noqa: F401  (re-executes with the reference BLAS)
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, TensorDataset

out = common.Tee("basics.txt")

# ---------------------------------------------------------------- tensors
out.section("tensors")
torch.manual_seed(0)
data = [[1, 2], [3, 4]]
x_data = torch.tensor(data)
out(x_data)
x_ones = torch.ones_like(x_data)
out(f"Ones Tensor: \n {x_ones} \n")
x_rand = torch.rand_like(x_data, dtype=torch.float)
out(f"Random Tensor: \n {x_rand} \n")
shape = (2, 3,)
rand_tensor = torch.rand(shape)
ones_tensor = torch.ones(shape)
zeros_tensor = torch.zeros(shape)
out(f"Random Tensor: \n {rand_tensor} \n")
out(f"Ones Tensor: \n {ones_tensor} \n")
out(f"Zeros Tensor: \n {zeros_tensor}")
tensor = torch.rand(3, 4)
out(f"Shape of tensor: {tensor.shape}")
out(f"Datatype of tensor: {tensor.dtype}")
out(f"Device tensor is stored on: {tensor.device}")
tensor = torch.ones(4, 4)
out(f"First row: {tensor[0]}")
out(f"First column: {tensor[:, 0]}")
out(f"Last column: {tensor[..., -1]}")
tensor[:, 1] = 0
out(tensor)
t1 = torch.cat([tensor, tensor, tensor], dim=1)
out(t1)
y1 = tensor @ tensor.T
y2 = tensor.matmul(tensor.T)
y3 = torch.rand_like(y1)
torch.matmul(tensor, tensor.T, out=y3)
out(y1)
out(torch.equal(y1, y2), torch.equal(y1, y3))
z1 = tensor * tensor
z2 = tensor.mul(tensor)
z3 = torch.rand_like(tensor)
torch.mul(tensor, tensor, out=z3)
out(z1)
out(torch.equal(z1, z2), torch.equal(z1, z3))
agg = tensor.sum()
agg_item = agg.item()
out(agg_item, type(agg_item))
out(f"{tensor} \n")
tensor.add_(5)
out(tensor)
out(torch.rand(2, 3, dtype=torch.float64))
out(torch.arange(12).reshape(3, 4)[1:, ::2])
out(torch.zeros(2, 2, requires_grad=True).sum(0))
out(torch.randn(2, dtype=torch.float64), torch.randn_like(x_data, dtype=torch.float64), torch.rand_like(x_data, dtype=torch.float64))
out(torch.tensor([[1., 5., 2.], [7., 0., 1.]]).argmax(1), torch.tensor([[1., 5., 2.], [7., 0., 1.]]).argmin(0),
    torch.tensor([[1., 5., 2.], [7., 0., 1.]]).argmax(-1))
t = torch.zeros(3, 4)
t.scatter_(1, torch.tensor([[0], [2], [3]]), 1.5)
out(t)
w = torch.zeros(2, 3, requires_grad=True)
s = w.clone()
s.scatter_(0, torch.tensor([[1, 0, 1]]), torch.ones(1, 3) * 2)
out(s)
s.sum().backward()
out(w.grad)
u = torch.zeros(2, 3, requires_grad=True).clone()
src = torch.ones(1, 3, requires_grad=True)
u.scatter_(0, torch.tensor([[1, 0, 1]]), src)
u.pow(2).sum().backward()
out(u, src.grad)
i = torch.zeros(4, dtype=torch.int64)
i.scatter_(0, torch.tensor([1, 3]), 7)
out(i)
for f in [lambda: torch.zeros(3).scatter_(0, torch.tensor([5]), 1.0),
          lambda: torch.zeros(3, requires_grad=True).scatter_(0, torch.tensor([1]), 1.0)]:
    try:
        f()
    except RuntimeError as e:
        out.error(e)
try:
    torch.tensor([[1, 2], [3, 4, 5]])
except ValueError as e:
    out.error(e)
out(torch.tensor([[7, 8, 9]]), torch.tensor([[7, 8, 9]]).dtype)
for f in [lambda: torch.rand(2, dtype=torch.int64), lambda: torch.randn(2, dtype=torch.int64),
          lambda: torch.rand_like(x_data, dtype=torch.int64), lambda: torch.randn_like(x_data, dtype=torch.bool),
          lambda: torch.rand(2, -1, dtype=torch.float64)]:
    try:
        f()
    except RuntimeError as e:
        out.error(e)

# ---------------------------------------------------------------- autograd
out.section("autograd")
torch.manual_seed(0)
x = torch.ones(5)  # input tensor
y = torch.zeros(3)  # expected output
w = torch.randn(5, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w) + b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
out(f"Gradient function for z = {z.grad_fn.name()}")
out(f"Gradient function for loss = {loss.grad_fn.name()}")
out(z)
out(loss)
loss.backward()
out(w.grad)
out(b.grad)
z = torch.matmul(x, w) + b
out(z.requires_grad)
with torch.no_grad():
    z = torch.matmul(x, w) + b
out(z.requires_grad)
z = torch.matmul(x, w) + b
z_det = z.detach()
out(z_det.requires_grad)
inp = torch.eye(4, 5, requires_grad=True)
output = (inp + 1).pow(2).t()
out(output.grad_fn.name(), output.is_leaf, inp.is_leaf)
output.backward(torch.ones_like(output), retain_graph=True)
out(f"First call\n{inp.grad}")
output.backward(torch.ones_like(output), retain_graph=True)
out(f"\nSecond call\n{inp.grad}")
inp.grad.zero_()
output.backward(torch.ones_like(output), retain_graph=True)
out(f"\nCall after zeroing gradients\n{inp.grad}")
output.backward(torch.ones_like(output))
try:
    output.backward(torch.ones_like(output))
except RuntimeError as e:
    out.error(e)
try:
    output.backward()
except RuntimeError as e:
    out.error(e)


# ---------------------------------------------------------------- build the model
class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits


out.section("build_model")
torch.manual_seed(0)
model = NeuralNetwork()
out(model)
X = torch.rand(1, 28, 28)
logits = model(X)
out(logits)
pred_probab = nn.Softmax(dim=1)(logits)
out(pred_probab)
y_pred = pred_probab.argmax(1)
out(f"Predicted class: {y_pred}")
input_image = torch.rand(3, 28, 28)
out(input_image.size())
flatten = nn.Flatten()
flat_image = flatten(input_image)
out(flat_image.size())
layer1 = nn.Linear(in_features=28 * 28, out_features=20)
hidden1 = layer1(flat_image)
out(hidden1.size())
out(f"Before ReLU: {hidden1}\n\n")
hidden1 = nn.ReLU()(hidden1)
out(f"After ReLU: {hidden1}")
seq_modules = nn.Sequential(
    flatten,
    layer1,
    nn.ReLU(),
    nn.Linear(20, 10)
)
input_image = torch.rand(3, 28, 28)
logits = seq_modules(input_image)
softmax = nn.Softmax(dim=1)
pred_probab = softmax(logits)
out(pred_probab)
out(seq_modules)
out(f"Model structure: {model}\n\n")
for name, param in model.named_parameters():
    out(f"Layer: {name} | Size: {param.size()} | Values : {param[:2]} \n")

# ---------------------------------------------------------------- optimization loop
out.section("optimization")
torch.manual_seed(0)
training_data = TensorDataset(torch.rand(256, 1, 28, 28), torch.randint(0, 10, (256,)))
test_data = TensorDataset(torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,)))
train_dataloader = DataLoader(training_data, batch_size=64)
test_dataloader = DataLoader(test_data, batch_size=64)
model = NeuralNetwork()
learning_rate = 1e-3
batch_size = 64
epochs = 2
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
out(optimizer)
params = list(model.parameters())[:1]
for o in [torch.optim.SGD(params, lr=0.1, momentum=0.9, nesterov=True), torch.optim.Adam(params),
          torch.optim.AdamW(params, lr=0.01), torch.optim.RMSprop(params), torch.optim.Adagrad(params)]:
    out(o)


def train_loop(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    for batch, (X, y) in enumerate(dataloader):
        pred = model(X)
        loss = loss_fn(pred, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if batch % 2 == 0:
            loss, current = loss.item(), batch * len(X)
            out(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")


def test_loop(dataloader, model, loss_fn):
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    test_loss /= num_batches
    correct /= size
    out(f"Test Error: \n Accuracy: {(100 * correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")
    out(test_loss, correct)


for t in range(epochs):
    out(f"Epoch {t + 1}\n-------------------------------")
    train_loop(train_dataloader, model, loss_fn, optimizer)
    test_loop(test_dataloader, model, loss_fn)
out("Done!")

# ---------------------------------------------------------------- save and load
out.section("save_load")
state = model.state_dict()
out(list(state.keys()))
path = os.path.join(tempfile.mkdtemp(), "model_weights.pth")
torch.save(state, path)
model2 = NeuralNetwork()
out(model2.load_state_dict(torch.load(path)))
model2.eval()
out(model2.training, model2.linear_relu_stack.training)
X = test_data[0][0]
out(torch.equal(model(X), model2(X)), model2(X).argmax(1))
try:
    model2.load_state_dict({"flatten.weight": torch.zeros(1)})
except RuntimeError as e:
    out.error(e)
out(model2.load_state_dict({k: v for k, v in state.items() if k != "linear_relu_stack.4.bias"}, strict=False))


# ---------------------------------------------------------------- datasets and data loaders
class CustomImageDataset(Dataset):
    def __init__(self, n, transform=None, target_transform=None):
        self.images = torch.randint(0, 256, (n, 1, 4, 4), dtype=torch.uint8)
        self.labels = torch.randint(0, 10, (n,))
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        image = self.images[idx]
        label = self.labels[idx]
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label


out.section("data")
torch.manual_seed(0)
training_data = CustomImageDataset(
    10,
    transform=lambda image: image.to(torch.float32) / 255,
    target_transform=lambda y: torch.zeros(10, dtype=torch.float).scatter_(0, y.clone().detach(), value=1))
out(len(training_data))
img, label = training_data[3]
out(img.shape, img.dtype, label)
train_dataloader = DataLoader(training_data, batch_size=4, shuffle=True)
train_features, train_labels = next(iter(train_dataloader))
out(f"Feature batch shape: {train_features.size()}")
out(f"Labels batch shape: {train_labels.size()}")
img = train_features[0].squeeze()
label = train_labels[0]
out(img)
out(f"Label: {label}")
for epoch in range(2):
    for i, (images, labels) in enumerate(train_dataloader):
        out(epoch, i, images.shape, labels.argmax(1))

out.write()
