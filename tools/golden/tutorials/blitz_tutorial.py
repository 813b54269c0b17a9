#!/usr/bin/python3
"""PyTorch's "Deep Learning with PyTorch: A 60 Minute Blitz" (its Autograd, Neural Networks and Training a
classifier pages) and the "Autograd mechanics" notes, printed for grad4j's TutorialBlitzTest.

    /usr/bin/python3 tools/golden/tutorials/blitz_tutorial.py --write

writes backend-cpu/src/test/resources/golden/tutorials/blitz.txt. Departures from the tutorials: no CIFAR10
download: 200 training and 40 test "images" (3x32x32, N(0, 1) noise plus 0.5 times a fixed random pattern of
their class), batches of 4, 2 epochs, the running loss printed every 10 mini-batches (not 2000), shuffling
from torch.manual_seed(3); a grad_fn prints as its name() (its repr holds an address); torch.save writes
safetensors in grad4j; the fine-tuned "pretrained" model is the blitz's LeNet, not resnet18.
"""
import common  # noqa: F401  (re-executes with the reference BLAS)
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

out = common.Tee("blitz.txt")


def names(node):
    """A node's next_functions as names (None where no gradient flows)."""
    return [None if f is None else f.name() for f, _ in node.next_functions]


# ---------------------------------------------------------------- autograd page
out.section("autograd")
a = torch.tensor([2., 3.], requires_grad=True)
b = torch.tensor([6., 4.], requires_grad=True)
Q = 3 * a ** 3 - b ** 2
out(Q)
external_grad = torch.tensor([1., 1.])
Q.backward(gradient=external_grad)
out(9 * a ** 2 == a.grad)
out(-2 * b == b.grad)
out(a.grad, b.grad)
torch.manual_seed(0)
x = torch.rand(5, 5)
y = torch.rand(5, 5)
z = torch.rand((5, 5), requires_grad=True)
a = x + y
out(f"Does `a` require gradients?: {a.requires_grad}")
b = x + z
out(f"Does `b` require gradients?: {b.requires_grad}")


# ---------------------------------------------------------------- neural networks page
class Net(nn.Module):

    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


out.section("net")
torch.manual_seed(1)
net = Net()
out(net)
params = list(net.parameters())
out(len(params))
out(params[0].size())
out([tuple(p.size()) for p in params])
input = torch.randn(1, 1, 32, 32)
output = net(input)
out(output)
net.zero_grad()
output.backward(torch.randn(1, 10))
out(net.conv1.bias.grad)
out(net.fc3.weight.grad[0, :4])

out.section("loss")
output = net(input)
target = torch.randn(10)
target = target.view(1, -1)
criterion = nn.MSELoss()
loss = criterion(output, target)
out(loss)
out(loss.grad_fn.name())
out(loss.grad_fn.next_functions[0][0].name())
out(loss.grad_fn.next_functions[0][0].next_functions[0][0].name())
out(names(loss.grad_fn), names(loss.grad_fn.next_functions[0][0]))
t = loss.grad_fn.next_functions[0][0].next_functions[2][0]
out(t.name(), names(t))
relu = loss.grad_fn.next_functions[0][0].next_functions[1][0]
out(relu.name(), names(relu))

out.section("backprop")
net.zero_grad()
out("conv1.bias.grad before backward")
out(net.conv1.bias.grad)
loss.backward()
out("conv1.bias.grad after backward")
out(net.conv1.bias.grad)

out.section("update")
learning_rate = 0.01
for f in net.parameters():
    f.data.sub_(f.grad.data * learning_rate)
out(net.conv1.bias)
out(criterion(net(input), target))
optimizer = optim.SGD(net.parameters(), lr=0.01)
for _ in range(3):
    optimizer.zero_grad()
    output = net(input)
    loss = criterion(output, target)
    loss.backward()
    optimizer.step()
    out(loss)
out(net.fc3.bias)

# ---------------------------------------------------------------- training a classifier
out.section("classifier_data")
torch.manual_seed(2)
n_train, n_test = 200, 40
patterns = torch.randn(10, 3, 32, 32)
labels_all = torch.randint(0, 10, (n_train + n_test,))
images_all = torch.randn(n_train + n_test, 3, 32, 32) + 0.5 * patterns[labels_all]
trainset = TensorDataset(images_all[:n_train], labels_all[:n_train])
testset = TensorDataset(images_all[n_train:], labels_all[n_train:])
batch_size = 4
g = torch.Generator()
g.manual_seed(3)
trainloader = DataLoader(trainset, batch_size=batch_size, shuffle=True, generator=g)
testloader = DataLoader(testset, batch_size=batch_size, shuffle=False)
classes = ('plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck')
dataiter = iter(trainloader)
images, labels = next(dataiter)
out(images.shape, labels)
out(' '.join(f'{classes[labels[j]]:5s}' for j in range(batch_size)))


class CifarNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


torch.manual_seed(4)
net = CifarNet()
out(net)
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
out(optimizer)

out.section("train")
for epoch in range(2):
    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        inputs, labels = data
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
        if i % 10 == 9:
            out(f'[{epoch + 1}, {i + 1:5d}] loss: {running_loss / 10:.3f}')
            running_loss = 0.0
out('Finished Training')

out.section("save")
state = net.state_dict()
out(list(state.keys()))
torch.save(state, "/tmp/blitz_cifar_net.pth")
dataiter = iter(testloader)
images, labels = next(dataiter)
out('GroundTruth: ', ' '.join(f'{classes[labels[j]]:5s}' for j in range(4)))
net = CifarNet()
out(net.load_state_dict(torch.load("/tmp/blitz_cifar_net.pth")))
outputs = net(images)
out(outputs)
_, predicted = torch.max(outputs, 1)
out(predicted)
out('Predicted: ', ' '.join(f'{classes[predicted[j]]:5s}' for j in range(4)))

out.section("accuracy")
correct = 0
total = 0
with torch.no_grad():
    for data in testloader:
        images, labels = data
        outputs = net(images)
        _, predicted = torch.max(outputs.data, 1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()
out(f'Accuracy of the network on the {n_test} test images: {100 * correct // total} %')
correct_pred = {classname: 0 for classname in classes}
total_pred = {classname: 0 for classname in classes}
with torch.no_grad():
    for data in testloader:
        images, labels = data
        outputs = net(images)
        _, predictions = torch.max(outputs, 1)
        for label, prediction in zip(labels, predictions):
            if label == prediction:
                correct_pred[classes[label]] += 1
            total_pred[classes[label]] += 1
for classname, correct_count in correct_pred.items():
    if total_pred[classname] == 0:
        continue
    accuracy = 100 * float(correct_count) / total_pred[classname]
    out(f'Accuracy for class: {classname:5s} is {accuracy:.1f} %')

# ---------------------------------------------------------------- autograd mechanics
out.section("requires_grad")
torch.manual_seed(5)
x = torch.randn(5, 5)
y = torch.randn(5, 5)
z = torch.randn((5, 5), requires_grad=True)
a = x + y
out(a.requires_grad, a.is_leaf, a.grad_fn)
b = a + z
out(b.requires_grad, b.is_leaf, b.grad_fn.name(), names(b.grad_fn))
with torch.no_grad():
    c = z * 2
out(c.requires_grad, c.is_leaf, c.grad_fn)
d = z.detach()
out(d.requires_grad, d.is_leaf, d.grad_fn)
d.add_(1)
out(z._version, d._version, torch.equal(z, d))
a = torch.rand(10, requires_grad=True)
out(a.is_leaf)
b = torch.rand(10)
out(b.is_leaf)
c = torch.rand(10, requires_grad=True) + 2
out(c.is_leaf)
e = torch.rand(10, requires_grad=True).double()
out(e.is_leaf, e.grad_fn.name())
f = torch.zeros(10, requires_grad=True)
out(f.is_leaf, f.requires_grad, f.grad)
try:
    c.requires_grad_(False)
except RuntimeError as err:
    out.error(err)

out.section("inplace")
a = torch.tensor([1., 2., 3.], requires_grad=True)
b = a.sigmoid()
out(b._version)
b.mul_(2)
out(b._version)
try:
    b.sum().backward()
except RuntimeError as err:
    out.error(err)
a = torch.tensor([1., 2., 3.], requires_grad=True)
b = a * 1
c = b.exp()
b.add_(1)
b.add_(1)
c.sum().backward()
out(a.grad, b._version)
a = torch.tensor([1., 2., 3.], requires_grad=True)
b = a * 2
c = b * b
b.add_(1)
try:
    c.sum().backward()
except RuntimeError as err:
    out.error(err)
a = torch.tensor([1., 2., 3.], requires_grad=True)
b = a * 2
c = b + 1
b.mul_(3)
c.sum().backward()
out(a.grad, b.grad_fn.name(), b._version)
try:
    a.add_(1)
except RuntimeError as err:
    out.error(err)
with torch.no_grad():
    a.add_(1)
out(a, a._version)

out.section("accumulate")
x = torch.tensor([1., 2.], requires_grad=True)
y = (x * x).sum()
y.backward(retain_graph=True)
out(x.grad)
y.backward()
out(x.grad)
try:
    y.backward()
except RuntimeError as err:
    out.error(err)
x.grad.zero_()
(x * 3).sum().backward()
out(x.grad)
x.grad = None
(x ** 3).sum().backward()
out(x.grad)

out.section("finetune")
torch.manual_seed(6)
model = Net()
for param in model.parameters():
    param.requires_grad = False
model.fc3 = nn.Linear(84, 10)
out(model)
out([(name, p.requires_grad) for name, p in model.named_parameters()])
optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
before = {k: v.clone() for k, v in model.state_dict().items()}
inputs = torch.randn(2, 1, 32, 32)
target = torch.tensor([3, 7])
for _ in range(2):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(inputs), target)
    loss.backward()
    optimizer.step()
    out(loss)
out([k for k, v in model.state_dict().items() if not torch.equal(v, before[k])])
out(model.conv1.weight.grad, model.fc3.bias.grad is None)
model.requires_grad_(False)
out([p.requires_grad for p in model.parameters()])
model.fc1.requires_grad_()
out([p.requires_grad for p in model.parameters()])
out(model(inputs).requires_grad, model(inputs).grad_fn.name())
model.requires_grad_(False)
out(model(inputs).requires_grad)

# ---------------------------------------------------------------- left over from the earlier tutorial ports
out.section("size")
x = torch.zeros(2, 3)
out(x.size(), x.shape, x.size()[1], x.size()[-1], len(x.size()), x.size().numel(), torch.zeros(()).size())
out(x.size() == torch.Size([2, 3]), x.size() == torch.zeros(3, 2).size())

out.section("randint_dtype")
torch.manual_seed(7)
out(torch.randint(0, 10, (5,), dtype=torch.float32), torch.randint(3, 10, (2, 3), dtype=torch.int32))
out(torch.randint(0, 2, (6,), dtype=torch.bool), torch.randint(250, 256, (4,), dtype=torch.uint8))
out(torch.randint(10, (3,), dtype=torch.float64), torch.randint(0, 2 ** 33, (3,), dtype=torch.float64))
for low, high, dt in [(0, 300, torch.uint8), (-5, 3, torch.uint8), (0, 3, torch.bool), (0, 2 ** 33, torch.int32)]:
    try:
        torch.randint(low, high, (3,), dtype=dt)
    except RuntimeError as err:
        out.error(err)

out.section("two_tensor_index")
torch.manual_seed(8)
x = torch.randn(4, 3, requires_grad=True)
target = torch.tensor([0, 2, 1, -1])
y = x[torch.arange(4), target]
out(y, y.grad_fn.name())
(y * torch.arange(1., 5.)).sum().backward()
out(x.grad)
z = torch.arange(24.).view(2, 3, 4)
out(z[torch.tensor([[0], [1]]), torch.tensor([1, 2, 0])])
out(z[torch.tensor([1, 0]), torch.tensor([2, -3]), torch.tensor([3, 0])])
out(z[torch.tensor(1), torch.tensor([0, 2])].shape, z[torch.tensor(1), torch.tensor(2)])
for idx in [(torch.arange(4), torch.tensor([0, 3, 0, 0])), (torch.arange(4), torch.tensor([0, 1])),
            (torch.tensor([-5]), torch.tensor([0]))]:
    try:
        x[idx]
    except IndexError as err:
        out.error(err)
try:
    z[torch.tensor([0]), torch.tensor([0]), torch.tensor([0]), torch.tensor([0])]
except IndexError as err:
    out.error(err)

out.section("detach_")
a = torch.tensor([1., 2., 3.], requires_grad=True)
b = a * 2
c = b.detach_()
out(c is b, b.requires_grad, b.is_leaf, b.grad_fn, b._version)
l = torch.tensor([1., 2.], requires_grad=True)
l.detach_()
out(l.requires_grad, l.is_leaf)
d = a.detach()
d.detach_()
out(d.requires_grad)
for v in [(a * 2)[:2], torch.zeros(3)[1:], torch.zeros(3).view(3)]:
    try:
        v.detach_()
    except RuntimeError as err:
        out.error(err)

out.write()
